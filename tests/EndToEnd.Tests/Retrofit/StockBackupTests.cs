using System.Text.Json;
using Fixture.Controller.Reports;
using Fixture.Controller.Simulation;
using Fixture.Controller.Workflow;
using Fixture.Protocol.Backup;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Unit;

namespace Fixture.EndToEnd.Tests.Retrofit;

/// <summary>
/// Issue 14 §3 on the simulated station: a unit's stock flash is backed up before the first erase, a backup that
/// cannot be confirmed fails the unit as BACKUP with nothing erased, and `fixture restore` puts a backup back so the
/// unit boots its stock firmware again.
/// </summary>
public sealed class StockBackupTests : IDisposable
{
    private readonly string _backups = Directory.CreateTempSubdirectory("fixture-backups-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_backups, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private static SimulatedUnitSetup Unit(UnitFaults? faults = null) => new(faults ?? UnitFaults.None, StationFaults.None, Identity: RealUnits.Unit9666);

    private string[] BackupImages => Directory.GetFiles(_backups, "*.bin.xz");

    [Fact]
    public void A_stock_unit_backed_up_during_a_run_is_restored_and_boots_its_stock_firmware_again()
    {
        using (var run = SimulatedStationRun.Open(1, (_, _) => Unit(), backupDirectory: _backups))
        {
            run.Run();
            var row = run.SingleRow();
            Assert.True(row.Verdict == UnitVerdict.Pass, row.Detail);
            Assert.Equal(Path.GetFileName(Assert.Single(BackupImages)), row.BackupFile);
            Assert.StartsWith("ACD8296BB7ED_703E971E9666_", row.BackupFile, StringComparison.Ordinal);
        }

        var archive = BackupArchive.Load(Assert.Single(BackupImages));
        Assert.Equal("stock TG7100C (AliOS Things)", archive.Record.Firmware);
        Assert.Equal("ef4015", archive.Record.JedecId);
        Assert.Equal(2 * 1024 * 1024, archive.Image.Length);

        // The unit that comes back converted (it holds the recipe's OpenBL602) gets its own backup written back.
        using var restore = SimulatedStationRun.Open(1, (_, _) => Unit(new UnitFaults { AlreadyFlashed = true }), restore: new RestoreTarget(archive));
        restore.Run();

        var restored = restore.SingleRow();
        Assert.True(restored.Verdict == UnitVerdict.Pass, restored.Detail);
        Assert.Contains("the unit will boot stock TG7100C (AliOS Things)", restored.Detail, StringComparison.Ordinal);
        var unit = restore.Simulation.Units[^1];
        Assert.True(unit.Flash.View(0, archive.Image.Length).SequenceEqual(archive.Image));
        Assert.Equal(FirmwareKind.StockTg7100c, Boot2.Inspect(unit.Flash).Identity?.Kind);
    }

    [Fact]
    public void A_read_that_garbles_fails_the_unit_as_BACKUP_before_anything_is_erased()
    {
        using var run = SimulatedStationRun.Open(1, (_, _) => Unit(new UnitFaults { ReadGarbleAt = 0x20000 }), backupDirectory: _backups);
        run.Run();

        var row = run.SingleRow();
        Assert.Equal(FailureCode.Backup, row.FailureCode);
        Assert.Equal(nameof(UnitState.BackingUp), row.FailedStep);
        Assert.Contains("Nothing was erased", row.Detail, StringComparison.Ordinal);
        Assert.Null(row.EraseTime);
        Assert.Empty(BackupImages);
        var unit = run.Simulation.Units[^1];
        Assert.Equal(FirmwareKind.StockTg7100c, Boot2.Inspect(unit.Flash).Identity?.Kind);
    }

    [Fact]
    public void A_unit_with_a_backup_in_the_folder_is_not_read_again_and_its_row_names_the_backup()
    {
        using (var first = SimulatedStationRun.Open(1, (_, _) => Unit(), backupDirectory: _backups))
        {
            first.Run();
        }

        var file = Path.GetFileName(Assert.Single(BackupImages));
        using var second = SimulatedStationRun.Open(1, (_, _) => Unit(), backupDirectory: _backups);
        second.Run();

        var row = second.SingleRow();
        Assert.Equal(file, row.BackupFile);
        Assert.Single(BackupImages);
        Assert.DoesNotContain("backed up", row.Detail ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backup_of_another_chip_is_refused_before_anything_is_erased()
    {
        using (var run = SimulatedStationRun.Open(1, (_, _) => Unit(), backupDirectory: _backups))
        {
            run.Run();
        }

        var archive = BackupArchive.Load(Assert.Single(BackupImages));
        using var restore = SimulatedStationRun.Open(1, (_, _) => new SimulatedUnitSetup(new UnitFaults { AlreadyFlashed = true }, StationFaults.None, Identity: RealUnits.UnitD91c), restore: new RestoreTarget(archive));
        restore.Run();

        var row = restore.SingleRow();
        Assert.Equal(FailureCode.Backup, row.FailureCode);
        Assert.Contains("is the backup of chip AC:D8:29:6B:B7:ED", row.Detail, StringComparison.Ordinal);
        Assert.Null(row.EraseTime);
    }

    [Fact]
    public void Restore_refuses_a_damaged_backup_with_exit_2_and_touches_nothing()
    {
        using (var run = SimulatedStationRun.Open(1, (_, _) => Unit(), backupDirectory: _backups))
        {
            run.Run();
        }

        var image = Assert.Single(BackupImages);
        var sidecar = BackupArchive.SidecarOf(image);
        var json = File.ReadAllText(sidecar);
        var sha = JsonDocument.Parse(json).RootElement.GetProperty("sha256").GetString()!;
        File.WriteAllText(sidecar, json.Replace(sha, new string('0', 64), StringComparison.Ordinal));

        var (exit, output, error) = FixtureCli.Run("restore", "--backup", image, "--sim");

        Assert.Equal(2, exit);
        Assert.Contains("the backup is damaged; do not restore it", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_backups, "restore-reports")));
    }
}
