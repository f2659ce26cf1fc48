namespace Fixture.Controller;

/// <summary>
/// The `fixture` program's exit codes, the one place they are defined (docs/operator-guide.md): a
/// script on the line reads them, so every command means the same by each.
/// </summary>
public static class ExitCodes
{
    /// <summary>PASS, or the command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>FAIL (or REWORK): the unit, log or figures did not pass; nothing is wrong with the input or the station.</summary>
    public const int Fail = 1;

    /// <summary>Bad input: a command line, file or configuration was refused; nothing was changed.</summary>
    public const int BadInput = 2;

    /// <summary>Station fault: the station could not open or could not judge the unit (FIXTURE_FAULT).</summary>
    public const int StationFault = 3;
}
