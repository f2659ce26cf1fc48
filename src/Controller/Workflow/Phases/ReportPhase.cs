using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Controller.Station;

namespace Fixture.Controller.Workflow.Phases;

/// <summary>The attempt's one report row, on disk before the verdict is shown.</summary>
internal static class ReportPhase
{
    /// <summary>
    /// Decides an undecided attempt as PASS, writes its row and returns what the operator is shown; a row
    /// that cannot be written is shown as NOT RECORDED (and told to the technician), never lost silently.
    /// </summary>
    public static UnitOutcome Record(UnitContext unit)
    {
        var attempt = unit.Attempt;
        if (!attempt.IsDecided)
        {
            attempt.Pass();
        }

        if (unit.RawLog is { } log)
        {
            unit.RawLog = null;
            var ended = string.Join(" ", new[] { attempt.Verdict?.ToText(), attempt.Code?.ToText(), attempt.FailedStep is { } step ? $"in {step}" : null }.Where(s => s is not null));
            attempt.RawLogFile = log.Finish(attempt.Mac, $"attempt {attempt.Number} on socket {unit.Socket.Number} ended {ended} before the firmware was started: no boot log", out var problem);
            if (problem is not null)
            {
                attempt.Note(problem);
            }
        }

        var time = unit.Time;
        attempt.TotalTime = time.GetElapsedTime(attempt.StartedTimestamp);
        attempt.BytesSent = unit.Channel is { } channel ? channel.BytesSent - attempt.BytesSentBefore : 0;
        var row = BuildRow(unit, unit.Recorder.UtcNow());
        try
        {
            return unit.Recorder.Record(row);
        }
        catch (Exception e) when (e is ReportFileException or ArgumentException)
        {
            unit.Observer.Error($"{unit.Socket.Label}: the result of attempt {row.AttemptNumber} ({row.Verdict.ToText()} {row.FailureCode?.ToText()}) is NOT recorded: {e.Message}");
            return new UnitOutcome(row, "NOT RECORDED", e.Message, "Call the line technician: the report cannot be written. Retest the unit afterwards.");
        }
    }

    private static UnitReportRow BuildRow(UnitContext unit, DateTimeOffset now)
    {
        var a = unit.Attempt;
        var settings = unit.Settings;
        var recipe = unit.Recipe;
        var detail = string.Join("; ", new[] { a.Detail }.Concat(a.Notes).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!.TrimEnd().TrimEnd('.')));
        return new UnitReportRow
        {
            TimestampUtc = now,
            Station = settings.Station,
            Socket = unit.Socket.Number,
            AttemptNumber = a.Number,
            Operator = a.Operator,
            Lot = a.Lot,
            UnitId = a.UnitId,
            Mac = a.Mac,
            ChipId = a.ChipId?.ToString(),
            JedecId = a.JedecId,
            RecipeName = settings.Restore?.Plan.RecipeName ?? recipe.Name,
            RecipeVersion = recipe.Version,
            RecipeSha256 = recipe.Sha256,
            StationConfigSha256 = settings.ConfigSha256,
            FirmwareFile = settings.Restore is { } restore ? Path.GetFileName(restore.Archive.ImagePath) : recipe.Firmware.FileName,
            FirmwareSha256 = settings.Restore?.Archive.Record.Sha256 ?? recipe.Firmware.Sha256,
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
            FixtureVersion = settings.FixtureVersion,
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
            LoaderBaud = a.LoaderBaud,
            BaudStepDowns = a.BaudStepDowns,
            RecipeVariant = a.RecipeVariant,
            BackupFile = a.BackupFile,
        };
    }
}
