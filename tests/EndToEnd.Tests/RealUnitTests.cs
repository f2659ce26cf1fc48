using System.Security.Cryptography;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Unit;

namespace Fixture.EndToEnd.Tests;

/// <summary>
/// The real units of issue 9 and the unit-file variants, through the command line as a line engineer
/// runs them (`fixture run --sim --unit FILE --units 1`): the station predicts each unit's MAC from its
/// eFuse with the SDK's rules, the simulated firmware (whose device side applies the same rules,
/// written separately) opens its AP with it, and the row, the raw log and `fixture check-log` agree.
/// No seam: the failures come from the simulated units' own states.
/// </summary>
public sealed class RealUnitTests : IDisposable
{
    private readonly string _reports = Directory.CreateTempSubdirectory("fixture-real-units-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_reports, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private static string UnitFile(string name) => Path.Combine(AppContext.BaseDirectory, "config", "units", name);

    private (int Exit, string Output, string Error) RunOne(string unitFile, params string[] more) =>
        FixtureCli.Run(["run", "--sim", "--unit", UnitFile(unitFile), "--units", "1", "--reports", _reports, .. more]);

    private IReadOnlyList<UnitReportRow> Rows =>
        [.. Directory.EnumerateFiles(Path.Combine(_reports, "sim-1"), "*.csv").Order().SelectMany(UnitReportCsv.ReadAllRows).OrderBy(r => r.AttemptNumber)];

    private string RawLog(UnitReportRow row) => Path.Combine(_reports, row.RawLogFile!);

    [Theory]
    [InlineData("amysen-yx-ws01-9666.json", "70:3E:97:1E:96:66", "AC:D8:29:6B:B7:ED")]
    [InlineData("amysen-yx-ws01-d91c.json", "70:3E:97:1E:D9:1C", "B4:0E:CF:07:15:91")]
    [InlineData("amysen-yx-ws01-048b.json", "70:3E:97:1E:04:8B", "B4:0E:CF:07:78:E9")]
    public void A_real_unit_passes_with_its_factory_MAC_and_its_chip_id_and_check_log_agrees(string file, string mac, string chipId)
    {
        var (exit, output, error) = RunOne(file);

        Assert.True(exit == 0, error + output);
        var row = Assert.Single(Rows);
        Assert.True(row.Verdict == UnitVerdict.Pass, $"{row.FailureCode}: {row.Detail}");
        Assert.Equal(mac, row.Mac);
        Assert.Equal(chipId, row.ChipId);
        Assert.Equal("OpenBL602_" + mac.Replace(":", string.Empty, StringComparison.Ordinal)[4..], row.SsidSeen);
        Assert.StartsWith("OpenBL602_971E", row.SsidSeen, StringComparison.Ordinal);
        Assert.Equal("efuse-slot1", row.MacSource);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(UnitFile2Efuse(file))), row.EfuseSha256);

        // The unit's own words: the masked Wi-Fi start line, as in the real unit's log.
        var log = File.ReadAllText(RawLog(row));
        Assert.Contains($"[BL] Initi Wi-Fi with MAC #### {mac[..9]}***** ####", log, StringComparison.Ordinal);

        // check-log on the saved log: it tells the same MAC without being told, passes with the row's mac,
        // and fails with the chip id (which is not the MAC on these units).
        var alone = FixtureCli.Run("check-log", "--log", RawLog(row));
        Assert.Equal(0, alone.Exit);
        Assert.Contains($"MAC:           {mac} (from Wi-Fi start line {mac[..9]}*****", alone.Output, StringComparison.Ordinal);
        Assert.Equal(0, FixtureCli.Run("check-log", "--log", RawLog(row), "--mac", row.Mac!, "--expect-version", "1.17.366").Exit);
        var withChipId = FixtureCli.Run("check-log", "--log", RawLog(row), "--mac", chipId);
        Assert.Equal(1, withChipId.Exit);
        Assert.Contains("SSID_MISMATCH", withChipId.Output, StringComparison.Ordinal);
    }

    private static byte[] UnitFile2Efuse(string file) => Simulator.Unit.UnitFile.Load(UnitFile(file)).EfuseRegion0.ToArray();

    [Theory]
    [InlineData("test/factory-mac-slot2.json", "OpenBL602_97200002", "efuse-slot2")]
    [InlineData("test/factory-mac-slot2-bad-parity.json", "OpenBL602_CF071591", "efuse-slot0")]
    [InlineData("test/no-factory-mac.json", "OpenBL602_CF071591", "efuse-slot0")]
    [InlineData("test/factory-mac-slot1-cap-code.json", "OpenBL602_971ED91C", "efuse-slot1")]
    [InlineData("test/full-mac-line.json", "OpenBL602_971ED91C", "efuse-slot1")]
    public void Unit_files_give_the_SSID_the_SDK_rules_predict(string file, string ssid, string source)
    {
        var (exit, output, error) = RunOne(file);

        Assert.True(exit == 0, error + output);
        var row = Assert.Single(Rows);
        Assert.True(row.Verdict == UnitVerdict.Pass, $"{row.FailureCode}: {row.Detail}");
        Assert.Equal(ssid, row.SsidSeen);
        Assert.Equal(source, row.MacSource);
        Assert.EndsWith(ssid["OpenBL602_".Length..], row.Mac!.Replace(":", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Units_of_one_file_count_up_and_a_second_run_of_the_file_retests_the_same_units()
    {
        Assert.Equal(0, RunOne("amysen-yx-ws01-9666.json", "--sockets", "2").Exit);
        Assert.Equal(0, RunOne("amysen-yx-ws01-9666.json", "--sockets", "2").Exit);

        var rows = Rows;
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(UnitVerdict.Pass, r.Verdict));
        Assert.Equal(2, rows.Select(r => r.ChipId).Distinct().Count());
        Assert.Equal(rows.Take(2).Select(r => r.Mac).Order(), rows.Skip(2).Select(r => r.Mac).Order());
        Assert.Contains(rows, r => r.Mac == "70:3E:97:1E:96:66" && r.ChipId == "AC:D8:29:6B:B7:ED");
        Assert.Contains(rows, r => r.Mac == "70:3E:97:1E:96:67");
    }

    [Fact]
    public void A_second_default_run_into_the_same_folder_gets_new_units_not_retests()
    {
        Assert.Equal(0, FixtureCli.Run("run", "--sim", "--sockets", "2", "--units", "1", "--reports", _reports).Exit);
        Assert.Equal(0, FixtureCli.Run("run", "--sim", "--sockets", "2", "--units", "1", "--reports", _reports).Exit);

        var rows = Rows;
        Assert.Equal(4, rows.Count);
        Assert.Equal(4, rows.Select(r => r.ChipId).Distinct().Count());
        Assert.Equal(4, rows.Select(r => r.Mac).Distinct().Count());
    }

    [Fact]
    public void The_default_population_is_the_three_real_units_in_turn()
    {
        var (exit, _, error) = FixtureCli.Run("run", "--sim", "--sockets", "3", "--units", "1", "--reports", _reports);

        Assert.True(exit == 0, error);
        Assert.Equal(
            ["AC:D8:29:6B:B7:ED", "B4:0E:CF:07:15:91", "B4:0E:CF:07:78:E9"],
            Rows.Select(r => r.ChipId).Order(StringComparer.Ordinal));
        Assert.All(Rows, r => Assert.StartsWith("70:3E:97:1E:", r.Mac, StringComparison.Ordinal));
    }

    [Fact]
    public void Verification_units_are_recognised_by_chip_id_and_by_the_mac_of_older_configurations()
    {
        var config = File.ReadAllText(SimulatedStationRun.DefaultConfig).Replace(
            "\"verificationUnits\": []",
            """ "verificationUnits": [ { "chipId": "AC:D8:29:6B:B7:ED", "kind": "golden" }, { "mac": "70:3E:97:1E:D9:1C", "kind": "knownBad" } ] """,
            StringComparison.Ordinal);
        var path = Path.Combine(_reports, "station.json");
        File.WriteAllText(path, config);

        var (exit, _, error) = FixtureCli.Run(
            "run", "--sim", "--config", path, "--recipe", Path.Combine(SimulatedStationRun.DefaultRecipeFolder, "recipe.json"),
            "--sockets", "3", "--units", "1", "--reports", _reports);

        Assert.True(exit == 0, error);
        var kinds = Rows.ToDictionary(r => r.ChipId!, r => r.VerificationUnit);
        Assert.Equal(VerificationUnitKind.Golden, kinds["AC:D8:29:6B:B7:ED"]);
        Assert.Equal(VerificationUnitKind.KnownBad, kinds["B4:0E:CF:07:15:91"]);
        Assert.Equal(VerificationUnitKind.None, kinds["B4:0E:CF:07:78:E9"]);
    }

    [Fact]
    public void A_unit_file_that_cannot_be_read_is_bad_input_naming_the_key_and_nothing_runs()
    {
        var bad = Path.Combine(_reports, "bad-unit.json");
        File.WriteAllText(bad, """{ "name": "x", "efuseRegion0Hex": "00", "jedecId": "ef4015" }""");

        var (exit, output, error) = FixtureCli.Run("run", "--sim", "--unit", bad, "--units", "1", "--reports", _reports);

        Assert.Equal(2, exit);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("efuseRegion0Hex", error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.False(Directory.Exists(Path.Combine(_reports, "sim-1")));
    }

    [Fact]
    public void Sim_serve_refuses_a_unit_file_it_cannot_read_naming_the_key_before_opening_a_pseudo_terminal()
    {
        var bad = Path.Combine(_reports, "bad-unit.json");
        File.WriteAllText(bad, """{ "name": "x", "efuseRegion0Hex": "00", "flashContent": "stock-tg7100c", "colour": "blue" }""");

        var (exit, output, error) = FixtureCli.Run("sim", "serve", "--pty", "--unit", bad);

        Assert.Equal(2, exit);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("bad-unit.json", error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.Equal(2, FixtureCli.Run("sim", "serve", "--pty", "--unit", UnitFile("amysen-yx-ws01-9666.json"), "--mac", "70:3E:97:1E:96:66").Exit);
    }

    [Fact]
    public void STOCK_FIRMWARE_a_unit_that_keeps_booting_its_vendor_image_is_found_at_921600()
    {
        var (exit, _, error) = RunOne("test/stock-mfg-start-request-921600.json");

        Assert.True(exit == 0, error);
        var row = Assert.Single(Rows);
        Assert.Equal((UnitVerdict.Fail, FailureCode.StockFirmware), (row.Verdict, row.FailureCode));
        Assert.Contains("stock firmware logs at 921600 baud", row.Detail, StringComparison.Ordinal);
        Assert.Equal("VerifyingBoot", row.FailedStep);
        // The flash itself verified: every region before the boot check passed.
        Assert.True(row.VerifyTime > TimeSpan.Zero);
    }

    [Fact]
    public void BOOT2_FAIL_a_real_unit_with_boot2s_log_fused_off_is_silent_after_a_verified_flash()
    {
        var (exit, _, error) = RunOne("amysen-yx-ws01-d91c.json", "--fault", "1:boot-read-errors");

        Assert.True(exit == 0, error);
        var row = Assert.Single(Rows);
        Assert.Equal((UnitVerdict.Fail, FailureCode.Boot2Fail), (row.Verdict, row.FailureCode));
        Assert.Contains("uart_log_disable", row.Detail, StringComparison.Ordinal);
        Assert.Contains("also silent at 921600 baud", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SSID_MISMATCH_a_stored_MAC_that_survives_a_clean_slate_without_PSM_contradicts_the_Wi_Fi_start_line()
    {
        using var recipe = TemporaryRecipe.WithCleanSlateKeepingPsm();
        var storedMac = new byte[] { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };
        using var run = SimulatedStationRun.Open(
            1,
            (_, _) => new Controller.Simulation.SimulatedUnitSetup(
                new UnitFaults { UsedUnit = new UsedUnitState { StationSsid = null, StoredMac = storedMac } },
                StationFaults.None,
                Identity: RealUnits.UnitD91c),
            recipePath: recipe.Path);
        run.Run();

        var row = run.SingleRow();
        Assert.Equal((UnitVerdict.Fail, FailureCode.SsidMismatch), (row.Verdict, row.FailureCode));
        Assert.Equal("OpenBL602_33445566", row.SsidSeen);
        Assert.Contains("70:3E:97:*****", row.Detail, StringComparison.Ordinal);
        Assert.Contains("disagree", row.Detail, StringComparison.Ordinal);
        Assert.Equal("70:3E:97:1E:D9:1C", row.Mac);
        Assert.Equal("B4:0E:CF:07:15:91", row.ChipId);
    }

    [Fact]
    public void A_factory_MAC_in_rf_para_passes_when_the_table_has_the_entry_and_the_row_names_where_it_came_from()
    {
        using var recipe = TemporaryRecipe.WithRfParaEntry();

        var (exit, _, error) = RunOne("test/rf-para-mac.json", "--recipe", recipe.Path);

        Assert.True(exit == 0, error);
        var row = Assert.Single(Rows);
        Assert.True(row.Verdict == UnitVerdict.Pass, $"{row.FailureCode}: {row.Detail}");
        Assert.Equal(("70:3E:97:55:AA:01", "flash-rf_para", "OpenBL602_9755AA01"), (row.Mac, row.MacSource, row.SsidSeen));
        Assert.Contains("the firmware uses the factory MAC from flash-rf_para", row.Detail, StringComparison.Ordinal);
    }
}
