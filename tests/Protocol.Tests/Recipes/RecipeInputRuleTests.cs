using System.Diagnostics;
using System.Text;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;

namespace Fixture.Protocol.Tests.Recipes;

/// <summary>
/// A recipe names files inside its own folder only, regular files of a sensible size; its JSON is read
/// through the strict layer (BOM accepted, duplicate keys refused at their path, every problem at once).
/// </summary>
public sealed class RecipeInputRuleTests
{
    private static RecipeException Refused(RecipeBundle bundle) =>
        Assert.Throws<RecipeException>(() => RecipeLoader.Load(bundle.RecipePath));

    private static void SetFile(RecipeBundle bundle, RecipeInputKind kind, string file) =>
        bundle.Save(bundle.Document.WithInput(kind, new PinnedFile(file)), pin: false);

    private static void Edit(RecipeBundle bundle, string from, string to)
    {
        var text = File.ReadAllText(bundle.RecipePath);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(bundle.RecipePath, text.Replace(from, to, StringComparison.Ordinal));
    }

    [Fact]
    public void A_recipe_with_a_byte_order_mark_loads()
    {
        using var bundle = new RecipeBundle();
        File.WriteAllBytes(bundle.RecipePath, [.. Encoding.UTF8.GetPreamble(), .. File.ReadAllBytes(bundle.RecipePath)]);

        var recipe = bundle.Load();

        Assert.Equal("OpenBL602 test bundle", recipe.Name);
    }

    [Fact]
    public void Every_problem_of_the_JSON_is_listed_at_once_each_with_its_path()
    {
        using var bundle = new RecipeBundle();
        Edit(bundle, "\"baud\": 2000000", "\"baud\": \"fast\"");
        Edit(bundle, "\"hashSkip\": true", "\"hashSkip\": 1");
        Edit(bundle, "\"sizeBytes\": 2097152", "\"sizeBytes\": 2000000, \"size\": 2");
        Edit(bundle, "\"bootCompleteTimeoutSeconds\": 10", "\"bootCompleteTimeoutSeconds\": 5");

        var error = Refused(bundle);

        Assert.Equal(
            [
                "\"flash.size\" is an unknown key (known here: jedecIds, sizeBytes; names are case-sensitive)",
                "\"loader.baud\" must be a whole number, found the text \"fast\"",
                "\"hashSkip\" must be true or false, found the number 1",
                "\"flash.sizeBytes\" 2000000 is not a flash size (a power of two from 262144 to 16777216; 2097152 for 2 MB)",
                "\"bootCheck.bootCompleteTimeoutSeconds\" 5 s would fail good units: OpenBL602 logs boot complete about 6 s after reset",
            ],
            error.Refusals.Select(r => r.Text));
        Assert.StartsWith($"recipe {bundle.RecipePath}: 5 problems:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nested_key_given_twice_is_refused_at_its_path_and_lines()
    {
        using var bundle = new RecipeBundle();
        Edit(bundle, "\"sizeBytes\": 2097152", "\"sizeBytes\": 2097152,\n    \"sizeBytes\": 1048576");

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.DuplicateKey, error.Problem);
        Assert.Matches("^recipe .*: \"flash.sizeBytes\" is given twice \\(lines \\d+ and \\d+\\): write each key once$", error.Message);
    }

    [Theory]
    [InlineData(RecipeInputKind.Firmware, "/etc/passwd", "firmware.file")]
    [InlineData(RecipeInputKind.Helper, "/dev/zero", "helper.file")]
    public void An_absolute_input_path_is_refused_naming_the_key(RecipeInputKind kind, string file, string key)
    {
        using var bundle = new RecipeBundle();
        SetFile(bundle, kind, file);

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.InputOutsideFolder, error.Problem);
        Assert.StartsWith($"recipe {bundle.RecipePath}: \"{key}\" \"{file}\" is an absolute path: a recipe names files inside its own folder only", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../other/OpenBL602.bin")]
    [InlineData("images/../../OpenBL602.bin")]
    [InlineData("..")]
    public void An_input_path_leaving_the_folder_is_refused_naming_the_key(string file)
    {
        using var bundle = new RecipeBundle();
        SetFile(bundle, RecipeInputKind.Firmware, file);

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.InputOutsideFolder, error.Problem);
        Assert.Contains($"\"firmware.file\" \"{file}\" leaves the recipe's folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_that_goes_out_and_back_into_the_folder_is_inside_it()
    {
        using var bundle = new RecipeBundle();
        bundle.Save(bundle.Document.WithInput(RecipeInputKind.Boot2, new PinnedFile("images/../images/blsp_boot2.bin")));

        Assert.Equal("blsp_boot2.bin", bundle.Load().Boot2.FileName);
    }

    [SkippableTheory]
    [InlineData("/etc/hostname")]
    [InlineData("/dev/zero")]
    public void A_link_inside_the_folder_to_a_file_outside_it_is_refused(string target)
    {
        Skip.IfNot(File.Exists(target), $"{target} is not on this machine");
        using var bundle = new RecipeBundle();
        var link = bundle.InputPath("linked.bin");
        Skip.IfNot(TryLink(link, target), "symbolic links cannot be made here");
        SetFile(bundle, RecipeInputKind.Firmware, "images/linked.bin");

        var error = Refused(bundle);

        // The other inputs are merely unpinned; the link is refused as leading outside, and never read.
        var refusal = Assert.Single(error.Refusals, r => r.Problem == RecipeProblem.InputOutsideFolder);
        Assert.Equal($"firmware.file images/linked.bin leads out of the recipe's folder (to {target}): a recipe names files inside its own folder only; copy the file beside the recipe", refusal.Text);
    }

    [SkippableFact]
    public void A_linked_folder_that_leads_outside_is_refused()
    {
        using var bundle = new RecipeBundle();
        using var elsewhere = new RecipeBundle();
        Skip.IfNot(TryLink(Path.Combine(bundle.Folder, "shared"), Path.Combine(elsewhere.Folder, "images")), "symbolic links cannot be made here");
        SetFile(bundle, RecipeInputKind.Firmware, "shared/" + RecipeBundle.FirmwareFile);

        Assert.Contains(Refused(bundle).Refusals, r => r.Problem == RecipeProblem.InputOutsideFolder && r.Text.StartsWith("firmware.file shared/", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_link_that_stays_inside_the_folder_is_followed()
    {
        using var bundle = new RecipeBundle();
        Skip.IfNot(TryLink(Path.Combine(bundle.Folder, "current.bin"), Path.Combine("images", RecipeBundle.FirmwareFile)), "symbolic links cannot be made here");
        bundle.Save(bundle.Document.WithInput(RecipeInputKind.Firmware, new PinnedFile("current.bin")));

        Assert.Equal(File.ReadAllBytes(bundle.InputPath(RecipeBundle.FirmwareFile)), bundle.Load().Firmware.Bytes.ToArray());
    }

    [SkippableFact]
    public void A_pipe_in_the_folder_is_refused_as_not_a_regular_file()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs are made with mkfifo on Linux");
        using var bundle = new RecipeBundle();
        File.Delete(bundle.InputPath("ro_params.dtb"));
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [bundle.InputPath("ro_params.dtb")]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Skip.If(mkfifo.ExitCode != 0, "mkfifo failed");
        }

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.InputNotARegularFile, error.Problem);
        Assert.Contains("factoryParameters images/ro_params.dtb: is not a regular file but a pipe (FIFO)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_100_MB_firmware_is_refused_in_one_line_without_reading_it()
    {
        using var bundle = new RecipeBundle();
        using (var huge = new FileStream(bundle.InputPath(RecipeBundle.FirmwareFile), FileMode.Create))
        {
            huge.SetLength(100L * 1024 * 1024);
        }

        var error = Refused(bundle);

        Assert.Equal(RecipeProblem.InputTooLarge, error.Problem);
        Assert.Equal(
            $"recipe {bundle.RecipePath}: firmware images/{RecipeBundle.FirmwareFile}: is 104,857,600 bytes, larger than 2,097,152 (the 2048 KiB flash of flash.sizeBytes): is it the right file?",
            error.Message);
    }

    [Fact]
    public void Problems_of_several_input_files_are_listed_together()
    {
        using var bundle = new RecipeBundle();
        File.Delete(bundle.InputPath("blsp_boot2.bin"));
        bundle.WriteInput("ro_params.dtb", [1, 2, 3]);

        var error = Refused(bundle);

        Assert.Equal([RecipeProblem.InputFileMissing, RecipeProblem.HashMismatch], error.Refusals.Select(r => r.Problem));
    }

    [Fact]
    public void Pin_refuses_a_100_MB_firmware_and_writes_nothing()
    {
        using var bundle = new RecipeBundle();
        var before = File.ReadAllBytes(bundle.RecipePath);
        using (var huge = new FileStream(bundle.InputPath(RecipeBundle.FirmwareFile), FileMode.Create))
        {
            huge.SetLength(100L * 1024 * 1024);
        }

        Assert.Equal(RecipeProblem.InputTooLarge, Assert.Throws<RecipeException>(() => RecipeWriter.Pin(bundle.RecipePath)).Problem);
        Assert.Equal(before, File.ReadAllBytes(bundle.RecipePath));
    }

    [Fact]
    public void Pin_refuses_a_recipe_whose_flash_plan_cannot_be_made_and_writes_nothing()
    {
        // Loads, but the firmware does not fit its slot: `image build` and the station would refuse it.
        using var bundle = new RecipeBundle(toml: RecipeBundle.Classic2MToml.Replace("size0 = 0xC8000", "size0 = 0x2000", StringComparison.Ordinal));
        bundle.WriteInput(RecipeBundle.FirmwareFile, RecipeBundle.Firmware(21_000));
        var before = File.ReadAllBytes(bundle.RecipePath);

        var error = Assert.Throws<FlashPlanException>(() => RecipeWriter.Pin(bundle.RecipePath));

        Assert.Contains("does not fit the FW slot 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(bundle.RecipePath));
    }

    [Fact]
    public void Pin_keeps_a_byte_order_mark_and_changes_only_the_hash()
    {
        using var bundle = new RecipeBundle();
        var text = File.ReadAllBytes(bundle.RecipePath);
        File.WriteAllBytes(bundle.RecipePath, [.. Encoding.UTF8.GetPreamble(), .. text]);
        var old = bundle.Load().Firmware.Sha256;
        bundle.WriteInput(RecipeBundle.FirmwareFile, RecipeBundle.Firmware(21_000));

        var result = RecipeWriter.Pin(bundle.RecipePath);

        var expected = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(text).Replace(old, result.Pins.Single(p => p.Changed).NewSha256, StringComparison.Ordinal)));
        Assert.Equal(expected, File.ReadAllBytes(bundle.RecipePath));
    }

    private static bool TryLink(string link, string target)
    {
        try
        {
            File.CreateSymbolicLink(link, target);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
    }
}
