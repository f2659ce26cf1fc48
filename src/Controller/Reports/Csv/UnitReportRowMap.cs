using CsvHelper.Configuration;
using C = Fixture.Controller.Reports.Csv.UnitReportColumns;

namespace Fixture.Controller.Reports.Csv;

/// <summary>
/// The one place that says which property goes in which column with which converter. Every text
/// column goes through <see cref="GuardedTextConverter"/>; numbers never do.
/// </summary>
internal sealed class UnitReportRowMap : ClassMap<UnitReportRow>
{
    public UnitReportRowMap()
    {
        var text = new GuardedTextConverter(emptyIsNull: true);
        var requiredText = new GuardedTextConverter(emptyIsNull: false);
        var ms = new MillisecondsConverter();
        var volts = new VoltsConverter();
        var milliamperes = new MilliamperesConverter();

        Map(r => r.TimestampUtc).Name(C.Timestamp).TypeConverter(new UtcTimestampConverter());
        Map(r => r.Station).Name(C.Station).TypeConverter(requiredText);
        Map(r => r.Socket).Name(C.Socket);
        Map(r => r.AttemptNumber).Name(C.Attempt);
        Map(r => r.Operator).Name(C.Operator).TypeConverter(text);
        Map(r => r.Lot).Name(C.Lot).TypeConverter(text);
        Map(r => r.UnitId).Name(C.UnitId).TypeConverter(text);
        Map(r => r.Mac).Name(C.Mac).TypeConverter(text);
        Map(r => r.ChipId).Name(C.ChipId).TypeConverter(text);
        Map(r => r.JedecId).Name(C.JedecId).TypeConverter(text);
        Map(r => r.RecipeName).Name(C.RecipeName).TypeConverter(requiredText);
        Map(r => r.RecipeVersion).Name(C.RecipeVersion).TypeConverter(requiredText);
        Map(r => r.RecipeSha256).Name(C.RecipeSha256).TypeConverter(requiredText);
        Map(r => r.StationConfigSha256).Name(C.StationConfigSha256).TypeConverter(requiredText);
        Map(r => r.FirmwareFile).Name(C.FirmwareFile).TypeConverter(requiredText);
        Map(r => r.FirmwareSha256).Name(C.FirmwareSha256).TypeConverter(requiredText);
        Map(r => r.FirmwareVersionSeen).Name(C.FirmwareVersionSeen).TypeConverter(text);
        Map(r => r.SsidSeen).Name(C.SsidSeen).TypeConverter(text);
        Map(r => r.Verdict).Name(C.Result).TypeConverter(new VerdictConverter());
        Map(r => r.FailureCode).Name(C.FailureCode).TypeConverter(new FailureCodeConverter());
        Map(r => r.FailedStep).Name(C.FailedStep).TypeConverter(text);
        Map(r => r.Detail).Name(C.Detail).TypeConverter(text);
        Map(r => r.HandshakeAttempts).Name(C.HandshakeAttempts);
        Map(r => r.TotalRetries).Name(C.TotalRetries);
        Map(r => r.PowerUpAndHandshakeTime).Name(C.PowerUpHandshakeMs).TypeConverter(ms);
        Map(r => r.HelperTime).Name(C.HelperMs).TypeConverter(ms);
        Map(r => r.IdentifyTime).Name(C.IdentifyMs).TypeConverter(ms);
        Map(r => r.EraseTime).Name(C.EraseMs).TypeConverter(ms);
        Map(r => r.WriteTime).Name(C.WriteMs).TypeConverter(ms);
        Map(r => r.VerifyTime).Name(C.VerifyMs).TypeConverter(ms);
        Map(r => r.BootTime).Name(C.BootMs).TypeConverter(ms);
        Map(r => r.TotalTime).Name(C.TotalMs).TypeConverter(ms);
        Map(r => r.BytesSent).Name(C.BytesSent);
        Map(r => r.RawLogFile).Name(C.RawLogFile).TypeConverter(text);
        Map(r => r.FixtureVersion).Name(C.FixtureVersion).TypeConverter(requiredText);
        Map(r => r.AdapterIdentity).Name(C.Adapter).TypeConverter(text);
        Map(r => r.RailVoltageBeforePowerOn).Name(C.RailVoltsBeforePowerOn).TypeConverter(volts);
        Map(r => r.RailVoltageLimit).Name(C.RailVoltsLimit).TypeConverter(volts);
        Map(r => r.BootromCurrent).Name(C.BootromCurrentMilliamperes).TypeConverter(milliamperes);
        Map(r => r.BootromCurrentMin).Name(C.BootromCurrentMinMilliamperes).TypeConverter(milliamperes);
        Map(r => r.BootromCurrentMax).Name(C.BootromCurrentMaxMilliamperes).TypeConverter(milliamperes);
        Map(r => r.TimeToBootComplete).Name(C.BootCompleteMs).TypeConverter(ms);
        Map(r => r.TimeToBootCompleteLimit).Name(C.BootCompleteLimitMs).TypeConverter(ms);
        Map(r => r.PowerOffTimeThatWorked).Name(C.PowerOffMs).TypeConverter(ms);
        Map(r => r.VerificationUnit).Name(C.VerificationUnit).TypeConverter(new VerificationUnitConverter());
        Map(r => r.WeakSupplyWarning).Name(C.WeakSupplyWarning).TypeConverter(new FlagConverter());

        // Added in the eFuse-identity version: files written before it have neither (and their mac is the chip id).
        Map(r => r.MacSource).Name(C.MacSource).TypeConverter(text).Optional();
        Map(r => r.EfuseSha256).Name(C.EfuseSha256).TypeConverter(text).Optional();

        // Added with the learned adapter rate (issue 14): files written before it have neither.
        Map(r => r.LoaderBaud).Name(C.LoaderBaud).Optional();
        Map(r => r.BaudStepDowns).Name(C.BaudStepDowns).Optional();

        // Added with flash-size variants and the stock-firmware backup (issue 14 §3, §4): files written before have neither.
        Map(r => r.RecipeVariant).Name(C.RecipeVariant).TypeConverter(text).Optional();
        Map(r => r.BackupFile).Name(C.BackupFile).TypeConverter(text).Optional();
    }
}
