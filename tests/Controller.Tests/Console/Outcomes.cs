using Fixture.Controller.Reports;
using Fixture.Controller.Station;

namespace Fixture.Controller.Tests.Console;

/// <summary>Report rows and outcomes as the station hands them to the console.</summary>
internal static class Outcomes
{
    public static UnitReportRow Row(int socket, UnitVerdict verdict, FailureCode? code = null, string? mac = "70:3E:97:1E:96:66") => new()
    {
        TimestampUtc = new DateTimeOffset(2025, 3, 14, 9, 1, 0, TimeSpan.Zero),
        Station = "line-3",
        Socket = socket,
        AttemptNumber = 17,
        Mac = mac,
        RecipeName = "openbl602-sim",
        RecipeVersion = "1.0.0",
        RecipeSha256 = new string('a', 64),
        StationConfigSha256 = new string('b', 64),
        FirmwareFile = "OpenBL602_1.17.366.bin",
        FirmwareSha256 = new string('c', 64),
        Verdict = verdict,
        FailureCode = code,
        FixtureVersion = "0.1.0",
        TotalTime = TimeSpan.FromSeconds(17.4),
    };

    public static UnitOutcome Pass(int socket, string mac = "70:3E:97:1E:96:66") =>
        new(Row(socket, UnitVerdict.Pass, mac: mac), "PASS", "Flashed, verified and booted as the recipe expects.", "Take the unit out and load the next one.");

    public static UnitOutcome Fail(int socket, FailureCode code) =>
        new(Row(socket, UnitVerdict.Fail, code), $"FAIL: {code.ToText()}", code.Describe().Explanation, code.Describe().NextStep);

    public static UnitOutcome Rework(int socket, FailureCode code) =>
        new(Row(socket, UnitVerdict.Rework, code), $"REWORK: {code.ToText()}", code.Describe().Explanation, code.Describe().NextStep);

    public static SocketSnapshot Flashing(int socket, long done, long total, string step = "writing firmware") =>
        new(socket, "Flashing", step, "firmware", done, total, "70:3E:97:1E:96:66", null, TimeSpan.FromSeconds(65));

    public static SocketSnapshot Idle(int socket) =>
        new(socket, "Idle", "waiting for start", null, null, null, null, null, TimeSpan.Zero);
}
