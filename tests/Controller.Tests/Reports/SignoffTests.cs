namespace Fixture.Controller.Tests.Reports;

/// <summary>
/// `fixture report signoff` on lots with known answers (<see cref="QaLotFiles"/>): exit 0 when met,
/// 1 when not, with every failed check named and the rows behind it; 2 for a criteria file or a
/// command line that cannot be used, naming the key.
/// </summary>
public sealed class SignoffTests : IDisposable
{
    private const string File = "QA1_2025-03-14.csv";

    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    private string Lot(bool tampered = false)
    {
        var dir = Path.Combine(scratch.Path, "reports");
        QaLotFiles.Write(dir);
        if (tampered)
        {
            QaLotFiles.Tamper(dir);
        }

        return dir;
    }

    private string Criteria(string json)
    {
        var path = Path.Combine(scratch.Path, Guid.NewGuid().ToString("N") + ".json");
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    private static (int Exit, string Output, string Error) Signoff(string dir, string criteria, params string[] more) =>
        FixtureCli.Run(["report", "signoff", "--dir", dir, "--criteria", criteria, .. more]);

    [Fact]
    public void A_lot_that_meets_its_criteria_exits_0_with_every_check_met()
    {
        var criteria = Criteria("""
            {
              // QA's criteria for LOT-A
              "expectedQuantity": 6,
              "minFirstPassYield": 0.80,
              "minFinalYield": 0.83,
              "allowedFirmwareSha256": ["CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"],
            }
            """);

        var (exit, output, error) = Signoff(Lot(), criteria, "--lot", "LOT-A");

        Assert.True(exit == 0, output + error);
        Assert.StartsWith("LOT SIGN-OFF: lot 'LOT-A': MET", output);
        Assert.DoesNotContain("NOT MET", output);
        Assert.Contains("requireVerificationUnits", output); // on by default, and met: golden and known-bad before and after
        Assert.Contains("1 gap explained by torn lines", output);
        Assert.Contains("first-pass yield 83.3% (5 of 6 units", output);
        Assert.EndsWith("Exit code 0." + Environment.NewLine, output);
    }

    [Fact]
    public void A_duplicated_mac_a_second_firmware_and_a_deleted_row_exit_1_naming_all_three_with_their_rows()
    {
        var criteria = Criteria("""{ "minFinalYield": 0.5 }""");

        var (exit, output, error) = Signoff(Lot(tampered: true), criteria);

        Assert.True(exit == 1, output + error);
        Assert.StartsWith("LOT SIGN-OFF: every row: NOT MET", output);
        Assert.Matches(@"NOT MET +no duplicate MACs ", output);
        Assert.Contains($"{File}:8 and {File}:9: MAC {QaLotFiles.Mac(5)} shown by two chips", output);
        Assert.Matches(@"NOT MET +one firmware hash ", output);
        Assert.Contains($"{File}:8: firmware {QaLotFiles.OtherFirmware} (OpenBL602_1.17.551.bin) is a second hash", output);
        Assert.Matches(@"NOT MET +no attempt-number gaps ", output);
        Assert.Contains($"{File}:7 and {File}:8: QA1 attempt 7–8 missing", output);
        Assert.Matches(@"met +minFinalYield ", output);
        Assert.Matches(@"met +one recipe hash ", output);
        Assert.Contains("Result: NOT MET: 3 of ", output);
        Assert.Contains("(no duplicate MACs, no attempt-number gaps, one firmware hash). Exit code 1.", output);
    }

    [Fact]
    public void A_station_without_verification_units_after_the_lot_fails_the_default_check()
    {
        var dir = Lot();
        var path = QaLotFiles.File(dir);
        var lines = System.IO.File.ReadAllLines(path);
        System.IO.File.WriteAllLines(path, lines.Where(l => !l.Contains(",10:00:", StringComparison.Ordinal) && !l.Contains("T10:0", StringComparison.Ordinal)));

        var (exit, output, _) = Signoff(dir, Criteria("{}"));
        var relaxed = Signoff(dir, Criteria("""{ "requireVerificationUnits": false }""")).Exit;

        Assert.Equal(1, exit);
        Assert.Contains($"{File}:10: no GOLDEN pass on QA1 after the lot's last unit here", output);
        Assert.Contains($"{File}:10: no KNOWN_BAD fail on QA1 after the lot's last unit here", output);
        Assert.DoesNotContain("on QA1 before the lot's first unit", output);
        Assert.Equal(0, relaxed);
    }

    [Fact]
    public void Missed_yield_criteria_name_the_units_rows()
    {
        var (exit, output, _) = Signoff(Lot(), Criteria("""{ "minFirstPassYield": 0.9, "minFinalYield": 0.9, "expectedQuantity": 7 }"""));

        Assert.Equal(1, exit);
        Assert.Contains($"{File}:6: unit {QaLotFiles.UnitLabel(3)} first attempt BOOT_LOOP", output);
        Assert.Contains($"{File}:7: unit {QaLotFiles.UnitLabel(3)} never passed, last REWORK BOOT_LOOP", output);
        Assert.Contains("6 units found, 1 missing", output);
    }

    [Theory]
    [InlineData("""{ "minFinalYeld": 0.9 }""", "minFinalYeld: is an unknown key (known here: expectedQuantity, minFirstPassYield, minFinalYield,")]
    [InlineData("""{ "MinFinalYield": 0.9 }""", "MinFinalYield: is an unknown key")]
    [InlineData("""{ "minFinalYield": 98 }""", "minFinalYield: 98 is not a fraction from 0 to 1")]
    [InlineData("""{ "minFirstPassYield": "0.9" }""", "minFirstPassYield: must be a number, found the text \"0.9\"")]
    [InlineData("""{ "expectedQuantity": 0 }""", "expectedQuantity: 0 is not a number of units")]
    [InlineData("""{ "expectedQuantity": 12.5 }""", "expectedQuantity: must be a whole number, found the number 12.5")]
    [InlineData("""{ "allowedRecipeSha256": ["abc"] }""", "allowedRecipeSha256[0]: 'abc' is not a SHA-256")]
    [InlineData("""{ "allowedConfigSha256": [] }""", "allowedConfigSha256: is an empty list")]
    [InlineData("""{ "minFinalYield": 0.9, "minFinalYield": 0.8 }""", "minFinalYield: is given twice")]
    [InlineData("""[ 0.9 ]""", "(file): must be a JSON object of criteria such as { \"minFinalYield\": 0.98 }, found a list")]
    [InlineData("""{ "requireVerificationUnits": "yes" }""", "requireVerificationUnits: must be true or false, found the text \"yes\"")]
    [InlineData("""{ "minFinalYield": 0.9 """, "(file): ")]
    public void A_criteria_file_that_cannot_be_used_is_bad_input_naming_the_key(string json, string message)
    {
        var (exit, output, error) = Signoff(Lot(), Criteria(json));

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(message, error);
        Assert.Contains("Nothing was checked", error);
    }

    [Fact]
    public void Every_problem_of_a_criteria_file_is_listed_in_one_run()
    {
        var (exit, _, error) = Signoff(Lot(), Criteria("""{ "minFinalYeld": 0.9, "minFirstPassYield": "high", "expectedQuantity": 0, "minFinalYield": 1, "minFinalYield": 2 }"""));

        Assert.Equal(2, exit);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("minFinalYeld: is an unknown key", error, StringComparison.Ordinal);
        Assert.Contains("minFirstPassYield: must be a number, found the text \"high\"", error, StringComparison.Ordinal);
        Assert.Contains("expectedQuantity: 0 is not a number of units", error, StringComparison.Ordinal);
        Assert.Contains("minFinalYield: is given twice (lines 1 and 1)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_criteria_file_saved_with_a_byte_order_mark_is_read()
    {
        var criteria = Criteria(string.Empty);
        System.IO.File.WriteAllBytes(criteria, [0xEF, 0xBB, 0xBF, .. "{ \"minFinalYield\": 0.5 }"u8]);

        var (exit, output, error) = Signoff(Lot(), criteria);

        Assert.True(exit is 0 or 1, error);
        Assert.Contains("final yield", output, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public void A_device_given_as_the_criteria_file_is_one_line_exit_2()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && System.IO.File.Exists("/dev/zero"), "needs Linux's /dev/zero");

        var (exit, output, error) = Signoff(Lot(), "/dev/zero");

        Assert.Equal((2, ""), (exit, output));
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("criteria file /dev/zero: (file): is not a regular file but a character device", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_criteria_file_larger_than_64_KiB_is_refused_unread()
    {
        var criteria = Criteria("{ \"minFinalYield\": 0.5 }" + new string(' ', 70_000));

        var (exit, _, error) = Signoff(Lot(), criteria);

        Assert.Equal(2, exit);
        Assert.Contains("bytes, larger than 65,536 (the limit for a criteria file)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lot_with_no_rows_is_bad_input_listing_the_lots_found()
    {
        var (exit, output, error) = Signoff(Lot(), Criteria("{}"), "--lot", "lot-a");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("lot 'lot-a' has no production rows", error);
        Assert.Contains("'LOT-A'", error);
    }

    [Fact]
    public void The_html_certificate_carries_the_verdict_and_each_check()
    {
        var html = Path.Combine(scratch.Path, "certificate.html");

        var (exit, _, _) = Signoff(Lot(tampered: true), Criteria("{}"), "--html", html);

        Assert.Equal(1, exit);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(System.IO.File.ReadAllText(html));
        Assert.Equal("NOT MET", document.QuerySelector("#verdict")!.TextContent);
        var failed = document.QuerySelectorAll("table#checks tr.bad td:first-child").Select(c => c.TextContent).ToList();
        Assert.Equal(["no duplicate MACs", "no attempt-number gaps", "one firmware hash"], failed);
        Assert.Empty(document.QuerySelectorAll("script"));
    }
}
