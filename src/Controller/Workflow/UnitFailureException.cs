using Fixture.Controller.Reports;

namespace Fixture.Controller.Workflow;

/// <summary>A step found the unit at fault: the attempt ends with <see cref="Code"/> and this message as its detail.</summary>
public sealed class UnitFailureException : Exception
{
    public UnitFailureException(FailureCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public FailureCode Code { get; }
}

/// <summary>The unit is set aside without being flashed (retest limit, or an earlier code a retest cannot fix).</summary>
public sealed class UnitReworkException : Exception
{
    public UnitReworkException(FailureCode? code, string message)
        : base(message)
    {
        Code = code;
    }

    public FailureCode? Code { get; }
}

/// <summary>The station's own hardware or wiring is at fault (supply sag, crossed port): FIXTURE_FAULT.</summary>
public sealed class StationFaultException : Exception
{
    public StationFaultException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>The attempt was stopped on purpose (operator abort, lid opened, Ctrl+C): ABORTED.</summary>
public sealed class UnitAbortedException : Exception
{
    public UnitAbortedException(string message)
        : base(message)
    {
    }
}
