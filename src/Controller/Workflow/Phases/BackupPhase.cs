using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Protocol.Backup;
using Fixture.Protocol.Wire;
using Polly;
using Polly.Timeout;

namespace Fixture.Controller.Workflow.Phases;

/// <summary>
/// The stock-firmware backup (issue 14 §3): before the first erase of a unit that has no backup in the station's
/// backup folder yet (recognised by its chip id), the whole flash is read with 0x32 in the helper's largest frames,
/// confirmed by the loader's SHA-256 of the same range (0x3D), and written as <c>&lt;chip_id&gt;_&lt;mac&gt;_&lt;utc&gt;.bin.xz</c>
/// with its JSON sidecar. A backup that cannot be confirmed fails the unit as BACKUP with nothing erased. The read
/// has the flash step's deadline (workflow.stepTimeouts.flashSeconds): 2 MB take about 11 s at 2 Mbaud.
/// </summary>
internal sealed class BackupPhase
{
    private readonly ResiliencePipeline _timeout;
    private readonly TimeSpan _limit;

    public BackupPhase(WorkflowSettings settings, TimeProvider time)
    {
        _limit = settings.FlashTimeout;
        _timeout = UnitResilience.Timeout(time, _limit);
    }

    /// <summary>
    /// True when the station keeps backups and the unit has none in the folder yet; a unit that has one gets its file
    /// name in the report (backup_file) and is not read again.
    /// </summary>
    public static bool Needed(UnitContext unit)
    {
        if (unit.Settings.BackupDirectory is not { } directory || unit.Attempt.Identity is not { } identity || unit.Settings.Restore is not null)
        {
            return false;
        }

        if (BackupFiles.Find(directory, identity.Efuse.ChipId) is { } existing)
        {
            unit.Attempt.BackupFile = Path.GetFileName(existing);
            return false;
        }

        return true;
    }

    /// <summary>Reads, confirms and writes the unit's backup.</summary>
    /// <exception cref="UnitFailureException">BACKUP: the read failed, timed out, or its bytes differ from the loader's SHA-256.</exception>
    /// <exception cref="StationFaultException">The backup folder cannot be written (the station's fault).</exception>
    public async Task BackUpAsync(UnitContext unit, CancellationToken cancellationToken)
    {
        var directory = unit.Settings.BackupDirectory!;
        var attempt = unit.Attempt;
        var identity = attempt.Identity!;
        var jedec = unit.Jedec!;
        var chunk = FlashBackupReader.ChunkSizeFor(unit.Recipe.Helper.Sha256);
        var kib = jedec.CapacityBytes / 1024;
        unit.Observer.Show(string.Create(CultureInfo.InvariantCulture, $"backing up the stock flash ({kib} KiB) before anything is erased"), force: true);
        FlashBackupImage image;
        try
        {
            image = await UnitResilience.RunAsync(
                _timeout,
                unit,
                (Loader: unit.Loader!, Jedec: jedec, Chunk: chunk, Name: unit.Socket.Label),
                static async (context, read) => await FlashBackupReader.ReadAsync(read.Loader, read.Jedec, read.Chunk, read.Name, context.CancellationToken),
                cancellationToken);
        }
        catch (BackupNotConfirmedException e)
        {
            throw new UnitFailureException(FailureCode.Backup, e.Message, e);
        }
        catch (TimeoutRejectedException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UnitFailureException(FailureCode.Backup, string.Create(CultureInfo.InvariantCulture,
                $"the backup read of {kib} KiB did not finish within {_limit.TotalSeconds:0.#} s (workflow.stepTimeouts.flashSeconds): no backup was taken and nothing was erased; retest the unit"), e);
        }
        catch (IspException e) when (e is not IspLinkException && !cancellationToken.IsCancellationRequested)
        {
            throw new UnitFailureException(FailureCode.Backup,
                $"reading the flash for the backup failed ({e.Message}): no backup was taken and nothing was erased; retest the unit", e);
        }

        var mac = identity.Prediction.Candidates.Count > 0 ? identity.Prediction.Candidates[0].Mac : identity.Efuse.ChipId;
        var facts = new BackupUnitFacts(identity.Efuse.ChipId, mac, jedec.Id, identity.Efuse.Bytes.ToArray(), unit.BootInfo?.ToBytes() ?? []);
        BackupFilesWritten written;
        try
        {
            written = BackupFiles.Write(directory, image, facts, unit.Recorder.UtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StationFaultException(
                $"the backup of {identity.Efuse.ChipId} was read and confirmed but cannot be written to {directory} ({e.Message}); nothing was erased. " +
                "Check the backup folder (workflow.backupDirectory or --backup): it must exist or be creatable, be writable and have room.", e);
        }

        attempt.BackupFile = Path.GetFileName(written.ImagePath);
        attempt.Note($"stock flash backed up to {attempt.BackupFile} ({written.Record.Firmware ?? "firmware not recognised"})");
    }
}
