using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Station;

namespace Fixture.Controller.Workflow;

/// <summary>The attempt's one report row, written before the verdict is shown; and what the observer sees meanwhile.</summary>
internal sealed partial class UnitWorkflow
{
    /// <summary>Progress snapshots of one socket are at least this far apart (state changes always go out).</summary>
    public static readonly TimeSpan SnapshotInterval = TimeSpan.FromMilliseconds(100);

    private long _lastSnapshot = long.MinValue;
    private string _step = "";
    private string? _attemptText;

    private Task ReportAsync(CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        if (_outcome is not null)
        {
            _next = UnitTrigger.Reported;
            return Task.CompletedTask;
        }

        if (!_attempt.IsDecided)
        {
            _attempt.Pass();
        }

        var time = _socket.Time;
        _attempt.TotalTime = time.GetElapsedTime(_attempt.StartedTimestamp);
        _attempt.BytesSent = _channel is null ? 0 : _channel.BytesSent - _attempt.BytesSentBefore;
        var row = BuildRow(time.GetUtcNow());
        try
        {
            _outcome = _recorder.Record(row);
        }
        catch (Exception e) when (e is ReportFileException or ArgumentException)
        {
            _observer.OnStationMessage(new StationMessage(StationMessageLevel.Error,
                $"{_socket.Label}: the result of attempt {row.AttemptNumber} ({row.Verdict.ToText()} {row.FailureCode?.ToText()}) is NOT recorded: {e.Message}", _socket.Number));
            _outcome = new UnitOutcome(row, "NOT RECORDED", e.Message, "Call the line technician: the report cannot be written. Retest the unit afterwards.");
        }

        _next = UnitTrigger.Reported;
        return Task.CompletedTask;
    }

    private UnitReportRow BuildRow(DateTimeOffset now)
    {
        var a = _attempt;
        var recipe = _settings.Recipe;
        // Each part may be a sentence of its own: its final full stop would read "re-seat it.; rail still ...".
        var detail = string.Join("; ", new[] { a.Detail }.Concat(a.Notes).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!.TrimEnd().TrimEnd('.')));
        return new UnitReportRow
        {
            TimestampUtc = now,
            Station = _settings.Station,
            Socket = _socket.Number,
            AttemptNumber = a.Number,
            Operator = a.Operator,
            Lot = a.Lot,
            UnitId = a.UnitId,
            Mac = a.Mac,
            ChipId = a.ChipId?.ToString(),
            JedecId = a.JedecId,
            RecipeName = recipe.Name,
            RecipeVersion = recipe.Version,
            RecipeSha256 = recipe.Sha256,
            StationConfigSha256 = _settings.ConfigSha256,
            FirmwareFile = recipe.Firmware.FileName,
            FirmwareSha256 = recipe.Firmware.Sha256,
            FirmwareVersionSeen = a.FirmwareVersionSeen,
            SsidSeen = a.SsidSeen,
            Verdict = a.Verdict ?? UnitVerdict.Pass,
            FailureCode = a.Code,
            FailedStep = a.FailedStep,
            Detail = detail.Length == 0 ? null : detail,
            HandshakeAttempts = a.HandshakeAttempts,
            TotalRetries = a.TotalRetries,
            PowerUpAndHandshakeTime = a.TimeIn(UnitState.PoweringUp, UnitState.EnteringBootloader, UnitState.Handshaking),
            HelperTime = a.TimeIn(UnitState.LoadingHelper),
            IdentifyTime = a.TimeIn(UnitState.Identifying),
            EraseTime = a.EraseTime,
            WriteTime = a.WriteTime,
            VerifyTime = a.VerifyTime,
            BootTime = a.TimeIn(UnitState.Booting, UnitState.VerifyingBoot),
            TotalTime = a.TotalTime,
            BytesSent = a.BytesSent,
            RawLogFile = a.RawLogFile,
            FixtureVersion = _settings.FixtureVersion,
            AdapterIdentity = a.AdapterIdentity,
            RailVoltageBeforePowerOn = a.RailBeforePowerOn,
            RailVoltageLimit = a.RailLimit,
            BootromCurrent = a.BootromCurrent,
            BootromCurrentMin = a.BootromCurrentMin,
            BootromCurrentMax = a.BootromCurrentMax,
            TimeToBootComplete = a.TimeToBootComplete,
            TimeToBootCompleteLimit = a.TimeToBootCompleteLimit,
            PowerOffTimeThatWorked = a.PowerOffThatWorked,
            VerificationUnit = a.Verification,
            WeakSupplyWarning = a.WeakSupply,
            MacSource = a.MacSource,
            EfuseSha256 = a.Identity?.Efuse.Sha256,
        };
    }

    private static string Describe(UnitState state) => state switch
    {
        UnitState.Idle => "ready",
        UnitState.PoweringUp => "checking the rail and powering up",
        UnitState.EnteringBootloader => "entering the bootloader",
        UnitState.Handshaking => "bootrom handshake",
        UnitState.LoadingHelper => "loading the flash helper",
        UnitState.Identifying => "reading eFuse identity and flash id",
        UnitState.Flashing => "flashing",
        UnitState.Checking => "checking a region",
        UnitState.Erasing => "erasing",
        UnitState.Writing => "writing",
        UnitState.Verifying => "verifying",
        UnitState.Booting => "booting the new firmware",
        UnitState.VerifyingBoot => "reading the boot log",
        UnitState.Failed => "stopping the attempt",
        UnitState.PoweringDown => "powering down",
        _ => "writing the report",
    };

    /// <summary>Tells the observer where the socket is: always on a state change, else at most every <see cref="SnapshotInterval"/>.</summary>
    private void Show(string step, bool force = false, long? bytesDone = null, long? bytesTotal = null, string? attempt = null)
    {
        var now = _socket.Time.GetTimestamp();
        if (attempt is not null)
        {
            _attemptText = attempt;
        }

        if (!force && _lastSnapshot != long.MinValue && _socket.Time.GetElapsedTime(_lastSnapshot, now) < SnapshotInterval)
        {
            return;
        }

        _lastSnapshot = now;
        _step = step;
        _observer.OnSocketChanged(new SocketSnapshot(
            _socket.Number,
            _machine.State.ToString(),
            _step,
            _flashRegion,
            bytesDone,
            bytesTotal,
            _attempt.Mac,
            _attempt.UnitId,
            _socket.Time.GetElapsedTime(_attempt.StartedTimestamp, now),
            _attemptText));
    }
}
