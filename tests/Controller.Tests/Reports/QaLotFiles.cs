using Fixture.Protocol.Identity;
using System.Text;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Controller.Tests.Reports;

/// <summary>
/// A small lot written by the station's own writer, with known answers for the HTML report and the
/// sign-off. Station QA1, lot LOT-A, 2025-03-14; MAC 70:3E:97:1E:96:0n and chip id 703E971E960n
/// belong to unit Un.
/// <code>
///  #1  08:00 s1 golden      PASS (verification)
///  #2  08:01 s1 known-bad   FAIL VERIFY (verification)
///  #3  09:00 s1 U1 PASS  total 15.0 s
///  #4  09:01 s2 U2 PASS  total 17.0 s, weak_supply_warning, 3 handshakes, unit id with HTML in it
///  #5  09:02 s1 U3 FAIL BOOT_LOOP
///  #6  09:03 s1 U3 REWORK BOOT_LOOP              → never passed, last code BOOT_LOOP
///  #7  09:04 s2 U4 PASS  total 14.0 s
///  #8  torn by a power loss, moved aside to the .torn sidecar when the station restarted
///  #9  09:06 s1 U5 PASS  total 16.0 s
///  #10 09:07 s2 U6 PASS  total 30.0 s, adapter name with HTML in it
///  #11 10:00 s1 golden      PASS (verification)
///  #12 10:01 s1 known-bad   FAIL BOOT_SILENT (verification)
/// </code>
/// Lines: #1–#7 are lines 2–8, #9–#12 lines 9–12. 6 units; first pass U1 U2 U4 U5 U6 (U3 failed
/// first) → FPY 5/6, final yield 5/6; PASS totals 14, 15, 16, 17, 30 s → median 16 s, p90 30 s
/// (nearest rank). Clean, every sign-off check is met (the gap at 8 is explained by the torn line).
/// <see cref="Tamper"/> then copies U5's MAC onto U6's row (line 10), gives U5's row (line 9) another
/// firmware hash, and deletes U4's row (#7, line 8): afterwards U5 is line 8 and U6 line 9.
/// </summary>
internal static class QaLotFiles
{
    public const string Station = "QA1";
    public const string Lot = "LOT-A";
    public const string HtmlUnitId = "<script>alert('x')</script>&amp;";
    public const string HtmlAdapter = "<img src=x onerror=alert(1)>";
    public static readonly string OtherFirmware = new('e', 64);

    private static readonly DateTimeOffset Day = new(2025, 3, 14, 0, 0, 0, TimeSpan.Zero);

    public static string File(string directory) => ReportLayout.DailyFile(directory, Station, DateOnly.FromDateTime(Day.UtcDateTime));

    public static string Mac(int unit) => MacAddress.FromBytes([0x70, 0x3E, 0x97, 0x1E, 0x96, (byte)unit]).ToString();

    public static string ChipId(int unit) => MacAddress.FromBytes([0xB4, 0x0E, 0xCF, 0x07, 0x00, (byte)unit]).ToString();

    /// <summary>How the yield report names a unit: by its chip id.</summary>
    public static string UnitLabel(int unit) => "chip " + ChipId(unit);

    public static void Write(string directory)
    {
        using (var writer = CsvReportWriter.Open(directory, Station, new FakeTimeProvider(Day)))
        {
            writer.Append(Row(1, 8, 0, 0xF0, UnitVerdict.Pass) with { VerificationUnit = VerificationUnitKind.Golden });
            writer.Append(Row(2, 8, 1, 0xF1, UnitVerdict.Fail, FailureCode.Verify) with { VerificationUnit = VerificationUnitKind.KnownBad });
            writer.Append(Row(3, 9, 0, 1, UnitVerdict.Pass, totalMs: 15_000));
            writer.Append(Row(4, 9, 1, 2, UnitVerdict.Pass, totalMs: 17_000, socket: 2) with
            {
                UnitId = HtmlUnitId,
                WeakSupplyWarning = true,
                HandshakeAttempts = 3,
                TotalRetries = 2,
                PowerOffTimeThatWorked = TimeSpan.FromMilliseconds(900),
            });
            writer.Append(Row(5, 9, 2, 3, UnitVerdict.Fail, FailureCode.BootLoop));
            writer.Append(Row(6, 9, 3, 3, UnitVerdict.Rework, FailureCode.BootLoop));
            writer.Append(Row(7, 9, 4, 4, UnitVerdict.Pass, totalMs: 14_000, socket: 2));
        }

        // The power fails while attempt 8's row is written; the station's next start moves it aside.
        System.IO.File.AppendAllText(File(directory), "2025-03-14T09:05:10.123Z,QA1,1,8,anna,LOT-A,SN7,70:3E:", Encoding.UTF8);
        using (var writer = CsvReportWriter.Open(directory, Station, new FakeTimeProvider(Day.AddHours(9).AddMinutes(6))))
        {
            writer.Append(Row(9, 9, 6, 5, UnitVerdict.Pass, totalMs: 16_000));
            writer.Append(Row(10, 9, 7, 6, UnitVerdict.Pass, totalMs: 30_000, socket: 2) with { AdapterIdentity = HtmlAdapter });
            writer.Append(Row(11, 10, 0, 0xF0, UnitVerdict.Pass) with { VerificationUnit = VerificationUnitKind.Golden });
            writer.Append(Row(12, 10, 1, 0xF1, UnitVerdict.Fail, FailureCode.BootSilent) with { VerificationUnit = VerificationUnitKind.KnownBad });
        }
    }

    /// <summary>One duplicated MAC (U5's on U6's row), a second firmware hash (U5's row), one deleted row (U4's, attempt 7).</summary>
    public static void Tamper(string directory)
    {
        var path = File(directory);
        var lines = System.IO.File.ReadAllText(path).Split('\n').ToList();
        // Line n (1-based, the header is line 1) is lines[n - 1].
        Assert.Contains(",QA1,2,10,", lines[9], StringComparison.Ordinal);
        lines[9] = lines[9].Replace(Mac(6), Mac(5), StringComparison.Ordinal);
        Assert.Contains(",QA1,1,9,", lines[8], StringComparison.Ordinal);
        lines[8] = lines[8].Replace(new string('c', 64), OtherFirmware, StringComparison.Ordinal);
        Assert.Contains(",QA1,2,7,", lines[7], StringComparison.Ordinal);
        lines.RemoveAt(7);
        System.IO.File.WriteAllText(path, string.Join('\n', lines));
    }

    /// <summary>Attempt <paramref name="attempt"/>, at hh:mm on the day, of unit <paramref name="unit"/> (0 and 1 are the golden and known-bad units).</summary>
    private static UnitReportRow Row(long attempt, int hour, int minute, int unit, UnitVerdict verdict, FailureCode? code = null, int totalMs = 15_000, int socket = 1) =>
        SampleRows.Pass(attempt, Day.AddHours(hour).AddMinutes(minute), Station, socket) with
        {
            Lot = Lot,
            UnitId = "SN" + unit,
            Mac = Mac(unit),
            ChipId = ChipId(unit),
            SsidSeen = $"OpenBL602_971E96{unit:X2}",
            Verdict = verdict,
            FailureCode = code,
            FailedStep = code is null ? null : "VerifyingBoot",
            Detail = code is null ? null : "see the log",
            TotalTime = TimeSpan.FromMilliseconds(totalMs),
        };
}
