using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Fixture.Simulator.Assets;

namespace Fixture.Controller.Cli;

/// <summary>
/// `fixture sim assets --out DIR [--seed N]`: writes the synthetic OpenBL602 recipe bundle (helper,
/// boot2, partition table, firmware, factory parameters) and prints each file's size and SHA-256.
/// </summary>
internal static class SimAssetsCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write the bundle into (created if missing).", Required = true };
        var seed = new Option<long>("--seed") { Description = "Generator seed; the committed bundle uses 1.", DefaultValueFactory = _ => 1 };
        var command = new Command("assets", "Write the synthetic OpenBL602 recipe bundle (real sizes, about the real compressibility).");
        command.Options.Add(output);
        command.Options.Add(seed);
        command.SetAction(parse =>
        {
            var console = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var directory = parse.GetValue(output)!;
            try
            {
                Directory.CreateDirectory(directory.FullName);
                var assets = SyntheticAssets.Get(parse.GetValue(seed));
                foreach (var file in assets.BundleFiles)
                {
                    var path = Path.Combine(directory.FullName, file.Name);
                    File.WriteAllBytes(path, file.Bytes);
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file.Name,-26} {file.Bytes.Length,9} bytes  {Convert.ToHexStringLower(SHA256.HashData(file.Bytes))}"));
                }

                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"fixture sim assets: cannot write the bundle to {directory.FullName}: {e.Message} Check the path and its permissions.");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
