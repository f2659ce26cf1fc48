using System.Security.Cryptography;
using System.Text;
using Fixture.Protocol.Images;
using Fixture.Protocol.Images.DeviceTree;
using Fixture.Protocol.Recipes;

namespace Fixture.Protocol.Tests.Recipes;

/// <summary>
/// A small but valid recipe bundle in a temporary folder: recipe.json at the top, the five inputs in
/// images/ beside it (so paths are relative and include a folder). Sizes are small unless a test asks.
/// Shared by the test projects through the test kit.
/// </summary>
internal sealed class RecipeBundle : IDisposable
{
    public const string FirmwareVersion = "1.17.366";
    public const string FirmwareFile = "OpenBL602_1.17.366.bin";

    public RecipeBundle(int firmwareLength = 20_000, int boot2Length = 9_000, string? toml = null)
    {
        Folder = Path.Combine(Path.GetTempPath(), "fixture-recipe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Folder, "images"));
        WriteInput("eflash_loader_40m.bin", HelperImage.Build(Code(6_000, seed: 1), 0x22010000, HelperHeaderVariant.Current));
        WriteInput("blsp_boot2.bin", Code(boot2Length, seed: 2));
        WriteInput("partition_cfg_2M.toml", Encoding.UTF8.GetBytes(toml ?? Classic2MToml));
        WriteInput(FirmwareFile, Firmware(firmwareLength));
        WriteInput("ro_params.dtb", FactoryParametersDtb(2_000_000, totalSize: 5_930));
        Document = new RecipeDocument
        {
            Name = "OpenBL602 test bundle",
            Version = "7",
            Description = "small synthetic inputs for tests",
            Helper = new("images/eflash_loader_40m.bin"),
            Boot2 = new("images/blsp_boot2.bin"),
            PartitionTable = new("images/partition_cfg_2M.toml"),
            Firmware = new("images/" + FirmwareFile),
            FactoryParameters = new("images/ro_params.dtb"),
            FirmwareVersion = FirmwareVersion,
        };
        Save();
    }

    /// <summary>The classic 2 MB TOML of the protocol reference (§7.3/§7.4).</summary>
    public static string Classic2MToml => Images.VendorToml.Classic2M;

    public string Folder { get; }

    public string RecipePath => Path.Combine(Folder, "recipe.json");

    public RecipeDocument Document { get; private set; }

    /// <summary>
    /// Writes the recipe (by default the current <see cref="Document"/>) with the inputs' current SHA-256s
    /// pinned — computed here, not by <see cref="RecipeWriter.Pin"/>, so a deliberately bad bundle can be pinned.
    /// </summary>
    public void Save(RecipeDocument? document = null, bool pin = true)
    {
        Document = document ?? Document;
        var written = Document;
        foreach (var kind in Enum.GetValues<RecipeInputKind>())
        {
            var input = written.Input(kind);
            var sha = pin ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, input.File)))) : null;
            written = written.WithInput(kind, input with { Sha256 = sha });
        }

        RecipeWriter.Write(written, RecipePath);
    }

    /// <summary>Replaces an input and pins the recipe to it (an approved change).</summary>
    public void ReplaceInput(string name, byte[] bytes)
    {
        WriteInput(name, bytes);
        Save();
    }

    public string InputPath(string name) => Path.Combine(Folder, "images", name);

    public void WriteInput(string name, byte[] bytes) => File.WriteAllBytes(InputPath(name), bytes);

    public Recipe Load() => RecipeLoader.Load(RecipePath);

    /// <summary>Deterministic code-like bytes (a few repeating patterns, so xz has something to find).</summary>
    public static byte[] Code(int length, int seed)
    {
        var random = new Random(seed);
        var code = new byte[length];
        for (var i = 0; i < length;)
        {
            var run = random.Next(4, 64);
            var value = (byte)random.Next(0, 24);
            for (var j = 0; j < run && i < length; j++, i++)
            {
                code[i] = (byte)(value + (j % 7));
            }
        }

        return code;
    }

    /// <summary>A raw application of <paramref name="length"/> bytes carrying the OpenBL602 identity and version strings.</summary>
    public static byte[] Firmware(int length, string version = FirmwareVersion)
    {
        var code = Code(length, seed: 3);
        var identity = Encoding.ASCII.GetBytes($"OpenBL602\0{version}\0");
        identity.CopyTo(code, length / 2);
        return code;
    }

    public static byte[] FactoryParametersDtb(uint? consoleBaud, int? totalSize = null, string macMode = "MBF")
    {
        var root = new DeviceTreeNode(string.Empty).Add("model", "bl bl602 IoTKitA board");
        var uart = root.AddChild("uart@4000A000").Add("status", "okay").Add("path", "/dev/ttyS0");
        if (consoleBaud is { } baud)
        {
            uart.Add("baudrate", baud);
        }

        uart.AddChild("pin").Add("rx", 7u).Add("tx", 16u);
        root.AddChild("wifi").AddChild("mac").Add("mode", macMode);
        return FlattenedDeviceTree.Write(root, totalSize);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over cleanup.
        }
    }
}
