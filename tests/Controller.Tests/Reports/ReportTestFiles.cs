using System.Globalization;
using Fixture.Controller.Reports;
using UnitsNet;

namespace Fixture.Controller.Tests.Reports;

/// <summary>A scratch report directory, removed after the test.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fixture-reports-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>Rows for tests: a complete PASS row that a test changes with <c>with</c>.</summary>
internal static class SampleRows
{
    public static readonly DateTimeOffset Day1 = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    public static UnitReportRow Pass(long attempt, DateTimeOffset? at = null, string station = "ST01", int socket = 1) => new()
    {
        TimestampUtc = at ?? Day1.AddSeconds(20 * attempt),
        Station = station,
        Socket = socket,
        AttemptNumber = attempt,
        Operator = "anna",
        Lot = "LOT-7",
        UnitId = "SN" + attempt.ToString("00000", CultureInfo.InvariantCulture),
        Mac = Fixture.Protocol.Identity.MacAddress.FromBytes([0x70, 0x3E, 0x97, 0x1E, 0x96, (byte)attempt]).ToString(),
        ChipId = null,
        JedecId = "ef4015",
        RecipeName = "openbl602-plug",
        RecipeVersion = "3",
        RecipeSha256 = new string('a', 64),
        StationConfigSha256 = new string('b', 64),
        FirmwareFile = "OpenBL602_1.17.551.bin",
        FirmwareSha256 = new string('c', 64),
        FirmwareVersionSeen = "1.17.551",
        SsidSeen = "OpenBL602_971E96" + attempt.ToString("X2", CultureInfo.InvariantCulture),
        Verdict = UnitVerdict.Pass,
        HandshakeAttempts = 1,
        TotalRetries = 0,
        PowerUpAndHandshakeTime = TimeSpan.FromMilliseconds(412),
        HelperTime = TimeSpan.FromMilliseconds(1010),
        IdentifyTime = TimeSpan.FromMilliseconds(35),
        EraseTime = TimeSpan.FromMilliseconds(3120),
        WriteTime = TimeSpan.FromMilliseconds(4480),
        VerifyTime = TimeSpan.FromMilliseconds(260),
        BootTime = TimeSpan.FromMilliseconds(6104),
        TotalTime = TimeSpan.FromMilliseconds(15511),
        BytesSent = 431_548,
        RawLogFile = $"ST01/logs/2025-03-14/{attempt}_s1_703E971E96{attempt:X2}.log",
        FixtureVersion = "0.1.0",
        AdapterIdentity = "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0",
        RailVoltageBeforePowerOn = ElectricPotential.FromVolts(0.012),
        RailVoltageLimit = ElectricPotential.FromVolts(0.5),
        BootromCurrent = ElectricCurrent.FromMilliamperes(61.25),
        BootromCurrentMin = ElectricCurrent.FromMilliamperes(20),
        BootromCurrentMax = ElectricCurrent.FromMilliamperes(150),
        TimeToBootComplete = TimeSpan.FromMilliseconds(6010),
        TimeToBootCompleteLimit = TimeSpan.FromMilliseconds(9000),
        PowerOffTimeThatWorked = TimeSpan.FromMilliseconds(300),
    };

    public static UnitReportRow Fail(long attempt, FailureCode code, string step = "Handshaking", DateTimeOffset? at = null) =>
        Pass(attempt, at) with { Verdict = UnitVerdict.Fail, FailureCode = code, FailedStep = step, Detail = "no OK after 3 attempts" };
}

/// <summary>
/// A day's report file as the version before mac_source and efuse_sha256 wrote it (46 columns): mac
/// and chip_id both held eFuse slot 0, chip_id as 12 hex digits.
/// </summary>
internal static class EarlierVersionReport
{
    public const int Columns = 46;

    public static string Header => string.Join(',', Fixture.Controller.Reports.Csv.UnitReportCsv.ColumnNames.Take(Columns));

    /// <summary>Writes one row for the unit whose eFuse slot 0 is <paramref name="chipIdHex"/> (e.g. "B40ECF071591").</summary>
    public static void Write(string path, DateOnly day, string chipIdHex, string verdict, string code = "", string lot = "LOT-7", string unitId = "SN1")
    {
        var fields = new string[Columns];
        Array.Fill(fields, string.Empty);
        string[] values = [$"{day:yyyy-MM-dd}T08:00:00.000Z", "ST01", "1", "1", "anna", lot, unitId, Fixture.Protocol.Identity.MacAddress.Parse(chipIdHex).ToString(), chipIdHex, "ef4015",
            "openbl602-plug", "3", new string('a', 64), new string('b', 64), "OpenBL602_1.17.366.bin", new string('c', 64), "", "", verdict, code];
        values.CopyTo(fields, 0);
        fields[22] = "1";      // handshake_attempts
        fields[23] = "0";      // total_retries
        fields[32] = "1000";   // bytes_sent
        fields[34] = "0.1.0";  // fixture_version
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Header + "\n" + string.Join(',', fields) + "\n");
    }
}
