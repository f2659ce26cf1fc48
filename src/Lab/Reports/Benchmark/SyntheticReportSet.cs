using System.Globalization;
using CsvHelper;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using UnitsNet;

namespace Fixture.Lab.Reports.Benchmark;

/// <summary>The shape of a synthetic report set: a few stations running shifts of mixed units.</summary>
public sealed record SyntheticReportOptions
{
    public int Stations { get; init; } = 4;

    public int SocketsPerStation { get; init; } = 4;

    public int UnitsPerLot { get; init; } = 2000;

    /// <summary>Share of lots whose units carry a scanned unit id (the rest have MACs only).</summary>
    public double LotsWithUnitIds { get; init; } = 0.75;

    /// <summary>Chance that a unit shows the previous unit's MAC (cloned eFuse), which the report must flag.</summary>
    public double CloneRate { get; init; } = 0.0001;
}

/// <summary>
/// What the generator wrote, and the figures the yield report must find in it. The figures follow
/// the report's documented identity rules (a unit is its MAC; MAC-less rows join through the unit
/// id; rows with neither are units of their own; a cloned MAC merges two units), so the totals of
/// <c>fixture report yield</c> over the set equal these exactly.
/// </summary>
public sealed record SyntheticReportTruth(
    long Rows,
    int Files,
    long Bytes,
    long Attempts,
    long Units,
    long FirstPassUnits,
    long FinalPassUnits,
    long ReworkUnits,
    long FixtureFaults,
    long VerificationRows,
    long Clones);

/// <summary>
/// A seeded generator of report files in the stations' layout, for the yield benchmark and for
/// tests at volume. Same seed and row count, same bytes. Each station works 06:00–22:00 UTC shifts,
/// opens each shift with a golden and a known-bad verification unit, and sees realistic failures,
/// retests, rework and fixture faults. Written with the report's own CSV format (bulk, not the
/// unit cycle's flush-per-row writer).
/// </summary>
public static class SyntheticReportSet
{
    public static SyntheticReportTruth Write(string directory, long rows, int seed, SyntheticReportOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        options ??= new SyntheticReportOptions();
        var truth = new TruthCounter();
        for (var station = 0; station < options.Stations; station++)
        {
            var quota = (rows / options.Stations) + (station < rows % options.Stations ? 1 : 0);
            using var generator = new StationGenerator(directory, station, seed, options, truth);
            generator.Run(quota);
        }

        return truth.ToResult();
    }

    /// <summary>Failure codes of a unit's first attempt, weighted by how often they happen (per 10 000 attempts).</summary>
    private static readonly (FailureCode Code, int Weight)[] Failures =
    [
        (FailureCode.NoHandshake, 200), (FailureCode.WeakSupply, 80), (FailureCode.Verify, 100), (FailureCode.BootLoop, 60),
        (FailureCode.SsidMismatch, 40), (FailureCode.MarkerMissing, 80), (FailureCode.HelperLoad, 30), (FailureCode.LoaderHandshake, 30),
        (FailureCode.Write, 30), (FailureCode.Erase, 20), (FailureCode.BootSilent, 50), (FailureCode.StockFirmware, 30),
        (FailureCode.SafeMode, 20), (FailureCode.ChipLocked, 20), (FailureCode.FlashId, 20), (FailureCode.LiveRail, 10),
        (FailureCode.Short, 5), (FailureCode.Aborted, 15), (FailureCode.Boot2Fail, 10), (FailureCode.VersionMismatch, 5),
        (FailureCode.LeftoverConfig, 5), (FailureCode.FixtureFault, 50),
    ];

    private static readonly int FailureWeight = Failures.Sum(f => f.Weight);

    /// <summary>Codes that end the attempt before the MAC is read: such rows carry no MAC.</summary>
    private static bool BeforeChipIdRead(FailureCode code) =>
        code is FailureCode.NoHandshake or FailureCode.WeakSupply or FailureCode.LiveRail or FailureCode.Short or FailureCode.HelperLoad;

    private sealed class TruthCounter
    {
        public long Rows { get; set; }

        public int Files { get; set; }

        public long Bytes { get; set; }

        public long Attempts { get; set; }

        public long Units { get; set; }

        public long FirstPass { get; set; }

        public long FinalPass { get; set; }

        public long Rework { get; set; }

        public long FixtureFaults { get; set; }

        public long VerificationRows { get; set; }

        public long Clones { get; set; }

        public SyntheticReportTruth ToResult() =>
            new(Rows, Files, Bytes, Attempts, Units, FirstPass, FinalPass, Rework, FixtureFaults, VerificationRows, Clones);

        public void CountUnit(UnitVerdict first, UnitVerdict last, int sign = 1)
        {
            Units += sign;
            FirstPass += sign * (first == UnitVerdict.Pass ? 1 : 0);
            FinalPass += sign * (last == UnitVerdict.Pass ? 1 : 0);
            Rework += sign * (last == UnitVerdict.Rework ? 1 : 0);
        }
    }

    /// <summary>One physical unit's counted rows as the report will see them.</summary>
    private record struct UnitTrace
    {
        public UnitVerdict? First;
        public UnitVerdict Last;
        public bool HadMacRow;
    }

    private sealed class StationGenerator : IDisposable
    {
        private static readonly DateTimeOffset FirstShift = new(2025, 1, 6, 6, 0, 0, TimeSpan.Zero);

        private readonly string directory;
        private readonly int stationNumber;
        private readonly string station;
        private readonly SyntheticReportOptions options;
        private readonly TruthCounter truth;
        private readonly Random random;
        private readonly UnitReportRow template;
        private DateTimeOffset clock;
        private DateOnly? shiftDay;
        private long attempt;
        private long unitNumber;
        private int socket;
        private long quota;
        private long stationRows;
        private StreamWriter? file;
        private CsvWriter? csv;
        private DateOnly fileDay;
        private string lot = "";
        private bool lotHasUnitIds;
        private byte[]? previousMac;
        private UnitTrace previousTrace;
        private string? previousSsidInLot;

        public StationGenerator(string directory, int stationIndex, int seed, SyntheticReportOptions options, TruthCounter truth)
        {
            this.directory = directory;
            stationNumber = stationIndex + 1;
            station = string.Create(CultureInfo.InvariantCulture, $"ST{stationNumber:00}");
            this.options = options;
            this.truth = truth;
            random = new Random(unchecked((seed * 1_000_003) + stationIndex));
            clock = FirstShift.AddMinutes(stationIndex * 7);
            template = Template(station);
        }

        public void Run(long rows)
        {
            quota = rows;
            stationRows = rows;
            while (quota > 0)
            {
                StartShiftIfDue();
                RunUnit();
            }
        }

        public void Dispose() => CloseFile();

        private void StartShiftIfDue()
        {
            if (clock.Hour >= 22)
            {
                clock = new DateTimeOffset(clock.UtcDateTime.Date.AddDays(1).AddHours(6), TimeSpan.Zero).AddMinutes(random.Next(0, 10));
            }

            var day = DateOnly.FromDateTime(clock.UtcDateTime);
            if (shiftDay == day)
            {
                return;
            }

            shiftDay = day;
            byte[] golden = [0x70, 0x3E, 0xEE, (byte)stationNumber, 0, 1];
            byte[] knownBad = [0x70, 0x3E, 0xEE, (byte)stationNumber, 0, 2];
            Write(Row(golden, "GOLDEN-1", "VERIFY", UnitVerdict.Pass, null) with { VerificationUnit = VerificationUnitKind.Golden });
            if (quota > 0)
            {
                Write(Row(knownBad, "KNOWN-BAD-1", "VERIFY", UnitVerdict.Fail, FailureCode.Verify) with { VerificationUnit = VerificationUnitKind.KnownBad });
            }
        }

        private void RunUnit()
        {
            if (unitNumber % options.UnitsPerLot == 0)
            {
                lot = string.Create(CultureInfo.InvariantCulture, $"LOT-{stationNumber}-{unitNumber / options.UnitsPerLot:0000}");
                lotHasUnitIds = random.NextDouble() < options.LotsWithUnitIds;
                previousSsidInLot = null;
            }

            unitNumber++;
            var clone = previousMac is not null && previousTrace.HadMacRow && random.NextDouble() < options.CloneRate;
            var mac = clone ? previousMac! : [0x70, 0x3E, (byte)stationNumber, (byte)(unitNumber >> 16), (byte)(unitNumber >> 8), (byte)unitNumber];
            var unitId = lotHasUnitIds ? string.Create(CultureInfo.InvariantCulture, $"{lot}-{unitNumber % options.UnitsPerLot:00000}") : null;
            var trace = new UnitTrace();

            FailureCode? lastCode = null;
            for (var tries = 0; quota > 0; tries++)
            {
                var (verdict, code) = NextOutcome(tries, lastCode);
                if (verdict is null)
                {
                    break;
                }

                Emit(Row(mac, unitId, lot, verdict.Value, code), ref trace);
                if (verdict != UnitVerdict.Fail)
                {
                    break;
                }

                lastCode = code;
            }

            previousTrace = CountUnit(trace, clone);
            previousMac = mac;
        }

        /// <summary>The next attempt's outcome, or null when the operator stops retesting the unit.</summary>
        private (UnitVerdict? Verdict, FailureCode? Code) NextOutcome(int tries, FailureCode? lastCode)
        {
            if (lastCode is { } last && last != FailureCode.FixtureFault)
            {
                if (!last.Describe().RetestCanFix)
                {
                    return last == FailureCode.Short || random.NextDouble() < 0.2 ? (null, null) : (UnitVerdict.Rework, last);
                }

                if (tries >= 3)
                {
                    return random.NextDouble() < 0.5 ? (UnitVerdict.Rework, last) : (null, null);
                }

                if (random.NextDouble() < 0.1)
                {
                    return (null, null);
                }

                var roll = random.NextDouble();
                return roll < 0.7 ? (UnitVerdict.Pass, null) : roll < 0.9 ? (UnitVerdict.Fail, last) : (UnitVerdict.Fail, DrawFailure());
            }

            return random.Next(10_000) < 10_000 - FailureWeight ? (UnitVerdict.Pass, null) : (UnitVerdict.Fail, DrawFailure());
        }

        private FailureCode DrawFailure()
        {
            var pick = random.Next(FailureWeight);
            foreach (var (code, weight) in Failures)
            {
                if ((pick -= weight) < 0)
                {
                    return code;
                }
            }

            return FailureCode.NoHandshake;
        }

        private UnitReportRow Row(byte[] mac, string? unitId, string rowLot, UnitVerdict verdict, FailureCode? code)
        {
            attempt++;
            socket = (socket % options.SocketsPerStation) + 1;
            clock = clock.AddMilliseconds(3_000 + random.Next(2_500));
            var macKnown = code is not { } c || !(BeforeChipIdRead(c) || (c is FailureCode.Aborted or FailureCode.FixtureFault && random.Next(2) == 0));
            var macText = macKnown ? Fixture.Protocol.Identity.MacAddress.FromBytes(mac).ToString() : null;
            var ownSsid = string.Create(CultureInfo.InvariantCulture, $"OpenBL602_{mac[2]:X2}{mac[3]:X2}{mac[4]:X2}{mac[5]:X2}");
            // Most SSID mismatches show a stranger's AP name; some show a neighbour's (a config copied between units), which the report flags.
            var ssid = verdict == UnitVerdict.Pass ? ownSsid
                : code == FailureCode.SsidMismatch ? (random.Next(4) == 0 ? previousSsidInLot : null) ?? string.Create(CultureInfo.InvariantCulture, $"OpenBL602_{random.Next():X8}")
                : null;
            if (verdict == UnitVerdict.Pass)
            {
                previousSsidInLot = ownSsid;
            }

            var reachedBoot = verdict == UnitVerdict.Pass || code is FailureCode.BootLoop or FailureCode.BootSilent or FailureCode.SafeMode
                or FailureCode.SsidMismatch or FailureCode.MarkerMissing or FailureCode.StockFirmware or FailureCode.VersionMismatch or FailureCode.LeftoverConfig or FailureCode.Boot2Fail;
            var handshakes = code == FailureCode.WeakSupply ? 5 : random.Next(20) == 0 ? 2 : 1;
            var day = DateOnly.FromDateTime(clock.UtcDateTime);
            var secondHalf = (stationRows - quota) * 2 >= stationRows; // the line moves to the next firmware half-way
            return template with
            {
                TimestampUtc = clock,
                Socket = socket,
                AttemptNumber = attempt,
                Operator = socket <= 2 ? "anna" : "bo",
                Lot = rowLot,
                UnitId = unitId,
                Mac = macText,
                // No chip id: the set is keyed by MAC (rows without chip id are), so its cloned MACs stay one unit each, as its truth counts them.
                ChipId = null,
                JedecId = macKnown ? "ef4015" : null,
                FirmwareFile = secondHalf ? "OpenBL602_1.18.0.bin" : template.FirmwareFile,
                FirmwareSha256 = secondHalf ? "c0ffee00d1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c" : template.FirmwareSha256,
                FirmwareVersionSeen = reachedBoot && code != FailureCode.Boot2Fail && code != FailureCode.BootSilent ? "1.17.551" : null,
                SsidSeen = ssid,
                Verdict = verdict,
                FailureCode = verdict == UnitVerdict.Pass ? null : code,
                FailedStep = code is null || verdict == UnitVerdict.Pass ? null : reachedBoot ? "VerifyingBoot" : macKnown ? "Flashing" : "Handshaking",
                Detail = code is null || verdict == UnitVerdict.Pass ? null : code.Value.Describe().Explanation,
                HandshakeAttempts = handshakes,
                TotalRetries = handshakes - 1,
                PowerUpAndHandshakeTime = TimeSpan.FromMilliseconds(380 + (handshakes * 420) + random.Next(40)),
                HelperTime = macKnown ? TimeSpan.FromMilliseconds(1_010 + random.Next(30)) : null,
                IdentifyTime = macKnown ? TimeSpan.FromMilliseconds(30 + random.Next(10)) : null,
                EraseTime = macKnown ? TimeSpan.FromMilliseconds(3_100 + random.Next(200)) : null,
                WriteTime = macKnown ? TimeSpan.FromMilliseconds(4_400 + random.Next(200)) : null,
                VerifyTime = macKnown ? TimeSpan.FromMilliseconds(250 + random.Next(30)) : null,
                BootTime = reachedBoot ? TimeSpan.FromMilliseconds(6_000 + random.Next(400)) : null,
                TotalTime = TimeSpan.FromMilliseconds(reachedBoot ? 15_400 + random.Next(600) : 2_000 + random.Next(3_000)),
                BytesSent = macKnown ? 431_548 + random.Next(64) : 120,
                RawLogFile = ReportLayout.RawLogRelativePath(station, day, attempt, socket, macText),
                RailVoltageBeforePowerOn = ElectricPotential.FromVolts(code == FailureCode.LiveRail ? 3.21 : (random.Next(-20, 40) / 1000.0)),
                BootromCurrent = macKnown ? ElectricCurrent.FromMilliamperes(55 + (random.Next(200) / 10.0)) : null,
                TimeToBootComplete = verdict == UnitVerdict.Pass ? TimeSpan.FromMilliseconds(5_900 + random.Next(400)) : null,
                PowerOffTimeThatWorked = TimeSpan.FromMilliseconds(300 * handshakes),
                WeakSupplyWarning = handshakes > 2,
            };
        }

        /// <summary>Writes a production row and traces it the way the report will count it.</summary>
        private void Emit(UnitReportRow row, ref UnitTrace trace)
        {
            Write(row);
            if (row.FailureCode == FailureCode.FixtureFault && row.Verdict == UnitVerdict.Fail)
            {
                return;
            }

            truth.Attempts++;
            if (row.Mac is null && row.UnitId is null)
            {
                truth.CountUnit(row.Verdict, row.Verdict);
                return;
            }

            trace.First ??= row.Verdict;
            trace.Last = row.Verdict;
            trace.HadMacRow |= row.Mac is not null;
        }

        private void Write(UnitReportRow row)
        {
            var day = DateOnly.FromDateTime(row.TimestampUtc.UtcDateTime);
            if (csv is null || day != fileDay)
            {
                OpenFile(day);
            }

            csv!.WriteRecord(row);
            csv.NextRecord();
            quota--;
            truth.Rows++;
            if (row.VerificationUnit != VerificationUnitKind.None)
            {
                truth.VerificationRows++;
            }
            else if (row.FailureCode == FailureCode.FixtureFault && row.Verdict == UnitVerdict.Fail)
            {
                truth.FixtureFaults++;
            }
        }

        /// <summary>Counts the unit; returns the trace of the unit as the report sees it (a clone merged into its original).</summary>
        private UnitTrace CountUnit(UnitTrace trace, bool clone)
        {
            if (trace.First is not { } first)
            {
                return trace;
            }

            if (clone && trace.HadMacRow && previousTrace.First is { } previousFirst)
            {
                // The report keys units by MAC: a clone and the unit it copies become one unit,
                // first attempt from the original, last from the clone.
                truth.Clones++;
                truth.CountUnit(previousFirst, previousTrace.Last, sign: -1);
                truth.CountUnit(previousFirst, trace.Last);
                return trace with { First = previousFirst };
            }

            truth.CountUnit(first, trace.Last);
            return trace;
        }

        private void OpenFile(DateOnly day)
        {
            CloseFile();
            var path = ReportLayout.DailyFile(directory, station, day);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            file = new StreamWriter(path, append: false, UnitReportCsv.Encoding, bufferSize: 1 << 16);
            csv = UnitReportCsv.CreateWriter(file);
            csv.WriteHeader<UnitReportRow>();
            csv.NextRecord();
            fileDay = day;
            truth.Files++;
        }

        private void CloseFile()
        {
            if (csv is null || file is null)
            {
                return;
            }

            csv.Flush();
            csv.Dispose();
            file.Flush();
            truth.Bytes += file.BaseStream.Length;
            file.Dispose();
            csv = null;
            file = null;
        }

        private static UnitReportRow Template(string station) => new()
        {
            TimestampUtc = FirstShift,
            Station = station,
            Socket = 1,
            AttemptNumber = 1,
            RecipeName = "openbl602-plug",
            RecipeVersion = "3",
            RecipeSha256 = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4",
            StationConfigSha256 = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
            FirmwareFile = "OpenBL602_1.17.551.bin",
            FirmwareSha256 = "5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
            Verdict = UnitVerdict.Pass,
            FixtureVersion = "0.1.0",
            AdapterIdentity = string.Create(CultureInfo.InvariantCulture, $"usb-FTDI_FT232R_USB_UART_A5{station}BI-if00-port0"),
            RailVoltageLimit = ElectricPotential.FromVolts(0.5),
            BootromCurrentMin = ElectricCurrent.FromMilliamperes(20),
            BootromCurrentMax = ElectricCurrent.FromMilliamperes(150),
            TimeToBootCompleteLimit = TimeSpan.FromMilliseconds(9_000),
        };
    }
}
