using System.CommandLine;
using System.Text.Json;
using Fixture.Controller.Cli;

namespace Fixture.Controller.Tests.Cli;

public sealed class CheckLogCommandTests : IDisposable
{
    private const string WorkedExampleMac = "70:3E:97:1E:96:66";
    private readonly List<string> temporaryFiles = [];

    private static string LogPath(string name) => Path.Combine(AppContext.BaseDirectory, "BootLogs", name);

    // Built from the catalog, as Program.cs builds it, so the command's registration is tested too.
    private static (int Exit, string Output, string Error) Fixture(params string[] args) => FixtureCli.Run(args);

    private static (int Exit, string Output, string Error) CheckLog(string logName, params string[] args) =>
        Fixture(["check-log", "--log", LogPath(logName), .. args]);

    [Fact]
    public void Passing_log_exits_0_and_shows_verdict_SSID_version_and_markers()
    {
        var (exit, output, error) = CheckLog("first-boot-fresh-flash.log", "--mac", WorkedExampleMac, "--expect-version", "1.17.366");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("Verdict:       PASS", output, StringComparison.Ordinal);
        Assert.Contains("OpenBL602_971E9666 (matches the MAC)", output, StringComparison.Ordinal);
        Assert.Contains("1.17.366 (as expected)", output, StringComparison.Ordinal);
        Assert.Contains("first boot (defaults written)", output, StringComparison.Ordinal);
        Assert.Contains("TimeTick x8", output, StringComparison.Ordinal);
        Assert.Contains("BootComplete", output, StringComparison.Ordinal);
    }

    private const string MaskedLineLog =
        "[BL] Initi Wi-Fi with MAC #### 70:3E:97:***** ####\r\n     hostname: OpenBL602_971e9666\r\n"
        + "[WF][SM] start AP with ssid OpenBL602_971E9666;\r\nInfo:MAIN:Time 7, idle 0/s\r\nInfo:MAIN:Boot complete time reached (5 seconds)\r\n";

    [Fact]
    public void Without_a_MAC_it_tells_the_MAC_the_firmware_showed()
    {
        var (exit, output, _) = Fixture("check-log", "--log", TemporaryLog(System.Text.Encoding.ASCII.GetBytes(MaskedLineLog)));

        Assert.Equal(0, exit);
        Assert.Contains("MAC:           70:3E:97:1E:96:66 (from Wi-Fi start line 70:3E:97:*****, hostname, SSID)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_JSON_names_the_firmwares_MAC_and_its_start_line()
    {
        var (_, output, _) = Fixture("check-log", "--log", TemporaryLog(System.Text.Encoding.ASCII.GetBytes(MaskedLineLog)), "--json");

        using var json = JsonDocument.Parse(output);
        Assert.Equal("70:3E:97:1E:96:66", json.RootElement.GetProperty("mac").GetString());
        Assert.Equal("70:3E:97:*****", json.RootElement.GetProperty("macLine").GetString());
    }

    [Fact]
    public void A_log_whose_start_line_and_SSID_disagree_fails_SSID_MISMATCH_without_a_MAC_given()
    {
        var log = MaskedLineLog.Replace("OpenBL602_971E9666;", "OpenBL602_CF071591;", StringComparison.Ordinal).Replace("hostname: OpenBL602_971e9666\r\n", string.Empty, StringComparison.Ordinal);

        var (exit, output, _) = Fixture("check-log", "--log", TemporaryLog(System.Text.Encoding.ASCII.GetBytes(log)));

        Assert.Equal(1, exit);
        Assert.Contains("Verdict:       FAIL  SSID_MISMATCH", output, StringComparison.Ordinal);
        Assert.Contains("the lines disagree", output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_rows_MAC_a_firmware_on_another_MAC_fails_SSID_MISMATCH()
    {
        var (exit, output, _) = Fixture("check-log", "--log", TemporaryLog(System.Text.Encoding.ASCII.GetBytes(MaskedLineLog)), "--mac", "B4:0E:CF:07:15:91");

        Assert.Equal(1, exit);
        Assert.Contains("SSID_MISMATCH", output, StringComparison.Ordinal);
        Assert.Contains("expected B4:0E:CF:07:15:91", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("boot-loop-crash.log", "BOOT_LOOP")]
    [InlineData("safe-mode.log", "SAFE_MODE")]
    [InlineData("stock-tg7100c.log", "STOCK_FIRMWARE")]
    [InlineData("boot2-fail.log", "BOOT2_FAIL")]
    [InlineData("sta-mode-no-ap.log", "MARKER_MISSING")]
    public void Failing_log_exits_1_with_its_failure_code(string log, string code)
    {
        var (exit, output, _) = CheckLog(log, "--mac", WorkedExampleMac);

        Assert.Equal(1, exit);
        Assert.Contains($"Verdict:       FAIL  {code}", output, StringComparison.Ordinal);
        Assert.Contains("Reason:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("interleaved-split-lines.log")]
    [InlineData("garbled-prefixes-and-noise.log")]
    [InlineData("capture-after-banner.log")]
    [InlineData("second-boot-loaded-config.log")]
    public void Noisy_split_or_late_captures_of_good_boots_pass(string log)
    {
        var (exit, output, _) = CheckLog(log, "--mac", WorkedExampleMac, "--expect-version", "1.17.366");

        Assert.True(exit == 0, output);
    }

    [Fact]
    public void With_a_MAC_the_SSID_must_match_it_and_both_are_shown()
    {
        var (exit, output, _) = CheckLog("first-boot-fresh-flash.log", "--mac", "70-3E-97-1E-96-67");

        Assert.Equal(1, exit);
        Assert.Contains("FAIL  SSID_MISMATCH", output, StringComparison.Ordinal);
        Assert.Contains("OpenBL602_971E9666 (expected OpenBL602_971E9667 from the MAC)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_MAC_a_well_formed_SSID_passes_and_is_reported()
    {
        var (exit, output, _) = CheckLog("first-boot-fresh-flash.log");

        Assert.Equal(0, exit);
        Assert.Contains("OpenBL602_971E9666 (form only; give --mac", output, StringComparison.Ordinal);
        Assert.Contains("1.17.366 (not checked", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_expected_version_fails_version_mismatch()
    {
        var (exit, output, _) = CheckLog("first-boot-fresh-flash.log", "--expect-version", "1.18.0");

        Assert.Equal(1, exit);
        Assert.Contains("FAIL  VERSION_MISMATCH", output, StringComparison.Ordinal);
        Assert.Contains("1.17.366 (expected 1.18.0)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capture_without_the_version_line_passes_with_an_expected_version()
    {
        var (exit, output, _) = CheckLog("capture-after-banner.log", "--expect-version", "1.17.366");

        Assert.Equal(0, exit);
        Assert.Contains("no version line", output, StringComparison.Ordinal);
    }

    [Fact]
    public void No_clean_slate_makes_a_stored_network_leftover_config()
    {
        var (exit, output, _) = CheckLog("sta-mode-no-ap.log", "--no-clean-slate");

        Assert.Equal(1, exit);
        Assert.Contains("FAIL  LEFTOVER_CONFIG", output, StringComparison.Ordinal);
        Assert.Contains("yes, network 'HomeNet-2G'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_prints_one_object_with_the_verdict_and_what_was_found()
    {
        var (exit, output, _) = CheckLog("first-boot-fresh-flash.log", "--mac", WorkedExampleMac, "--json");

        Assert.Equal(0, exit);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("PASS", root.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("failureCode").ValueKind);
        Assert.Equal("OpenBL602_971E9666", root.GetProperty("ssid").GetString());
        Assert.Equal("OpenBL602_971E9666", root.GetProperty("expectedSsid").GetString());
        Assert.Equal("1.17.366", root.GetProperty("version").GetString());
        Assert.Equal("defaults", root.GetProperty("config").GetString());
        Assert.True(root.GetProperty("bootComplete").GetBoolean());
        Assert.Equal("line", root.GetProperty("bootCompleteEvidence").GetString());
        Assert.Equal(8, root.GetProperty("highestTimeTick").GetInt32());
        Assert.Contains(root.GetProperty("markers").EnumerateArray(),
            m => m.GetProperty("kind").GetString() == "ApStart" && m.GetProperty("firstLine").GetString()!.Contains("OpenBL602_971E9666", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_for_a_failure_carries_the_code_and_the_reason()
    {
        var (exit, output, _) = CheckLog("safe-mode.log", "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("FAIL", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("SAFE_MODE", json.RootElement.GetProperty("failureCode").GetString());
        Assert.Equal(5, json.RootElement.GetProperty("safeModeBootFailures").GetInt32());
        Assert.Contains("safe mode", json.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_log_is_a_silent_unit_not_bad_input()
    {
        var path = TemporaryLog([]);
        var (exit, output, _) = Fixture("check-log", "--log", path);

        Assert.Equal(1, exit);
        Assert.Contains("FAIL  BOOT_SILENT", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_exits_2_with_one_line_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-log-{Guid.NewGuid():N}.log");
        var (exit, output, error) = Fixture("check-log", "--log", path);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_instead_of_a_file_exits_2()
    {
        var (exit, _, error) = Fixture("check-log", "--log", AppContext.BaseDirectory);

        Assert.Equal(2, exit);
        Assert.Contains("it is a folder", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("70:3E:97:1E:96")]
    [InlineData("70:3E:97:1E:96:66:01:02")]
    public void Unreadable_MAC_exits_2_naming_the_argument_and_reads_nothing(string mac)
    {
        var (exit, output, error) = CheckLog("first-boot-fresh-flash.log", "--mac", mac);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains($"--mac '{mac}' is not a MAC address", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "check-log" }, "--log FILE is missing")]
    [InlineData(new[] { "check-log", "--log" }, "--log")]
    [InlineData(new[] { "check-log", "--log", "a.log", "--log", "b.log" }, "--log")]
    [InlineData(new[] { "check-log", "--log", "a.log", "--maac", "x" }, "unknown argument")]
    [InlineData(new[] { "check-log", "--log", "a.log", "--expect-version", " " }, "--expect-version is empty")]
    public void Bad_command_lines_exit_2_with_one_line(string[] args, string expected)
    {
        var (exit, output, error) = Fixture(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var file in temporaryFiles)
        {
            File.Delete(file);
        }
    }

    private const string BootTail = "Info:MAIN:Time 7, idle 0/s\r\nInfo:MAIN:Boot complete time reached (5 seconds)\r\n";

    [Fact]
    public void A_stored_Wi_Fi_name_with_a_terminal_escape_is_shown_escaped_and_cannot_clear_the_screen()
    {
        var log = "OpenBL602, version 1.17.366\r\nInfo:MAIN:Using SSID [\u001b[2J\u001b[31mEVIL]\r\n[WF][SM] start AP with ssid \u001b[2J\u001b[31mEVIL;\r\n" + BootTail;
        var (exit, output, error) = Fixture("check-log", "--log", TemporaryLog(System.Text.Encoding.Latin1.GetBytes(log)));

        Assert.Equal(1, exit);
        Assert.DoesNotContain('\u001b', output + error);
        Assert.Contains("'\\x1B[2J\\x1B[31mEVIL' (UNEXPECTED: not of the form OpenBL602_XXXXXXXX; control characters shown escaped)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_SSID_that_is_a_formula_is_shown_as_the_unit_printed_it_and_flagged()
    {
        var log = "[WF][SM] start AP with ssid =HYPERLINK(\"http://x\");\r\n" + BootTail;
        var path = TemporaryLog(System.Text.Encoding.ASCII.GetBytes(log));

        var (exit, output, _) = Fixture("check-log", "--log", path);
        Assert.Equal(1, exit);
        Assert.Contains("SSID:          '=HYPERLINK(\"http://x\")' (UNEXPECTED: not of the form OpenBL602_XXXXXXXX; starts like a spreadsheet formula)", output, StringComparison.Ordinal);

        var (_, json, _) = Fixture("check-log", "--log", path, "--json");
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal("=HYPERLINK(\"http://x\")", parsed.RootElement.GetProperty("ssid").GetString());
        Assert.False(parsed.RootElement.GetProperty("ssidWellFormed").GetBoolean());
    }

    [Fact]
    public void A_garbled_version_line_fails_an_expected_version()
    {
        var log = "OpenBL602, version \u00fe\u00ff\u0081\r\n[WF][SM] start AP with ssid OpenBL602_971E9666;\r\n" + BootTail;
        var (exit, output, _) = Fixture("check-log", "--log", TemporaryLog(System.Text.Encoding.Latin1.GetBytes(log)), "--expect-version", "1.17.366");

        Assert.Equal(1, exit);
        Assert.Contains("FAIL  VERSION_MISMATCH", output, StringComparison.Ordinal);
        Assert.Contains("Version:       garbled: 'OpenBL602, version \u00fe\u00ff\\x81' (expected 1.17.366)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void JSON_output_stays_valid_JSON_with_control_and_C1_characters_in_the_log()
    {
        var log = "[WF][SM] start AP with ssid a\u001b\u009b\u0085b;\r\n" + BootTail;
        var (_, json, _) = Fixture("check-log", "--log", TemporaryLog(System.Text.Encoding.Latin1.GetBytes(log)), "--json");

        using var parsed = JsonDocument.Parse(json);
        Assert.Equal("a\u001b\u009b\u0085b", parsed.RootElement.GetProperty("ssid").GetString());
    }

    [Fact]
    public void A_log_of_noise_without_line_breaks_marks_the_cut_pieces()
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes("[WF][SM] start AP with ssid OpenBL602_971E9666;\r\n" + BootTail).Concat(new byte[5000]).ToArray();
        var (exit, output, _) = Fixture("check-log", "--log", TemporaryLog(bytes));

        Assert.Equal(0, exit);
        Assert.Contains("Long lines:    4 pieces of 1024 bytes cut from lines without a line break", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_device_that_never_ends_is_refused_promptly_as_bad_input()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "no /dev/zero on this machine");

        var (exit, output, error) = Fixture("check-log", "--log", "/dev/zero");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("longer than 16 MiB", error, StringComparison.Ordinal);
    }

    private string TemporaryLog(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"check-log-test-{Guid.NewGuid():N}.log");
        File.WriteAllBytes(path, bytes);
        temporaryFiles.Add(path);
        return path;
    }
}
