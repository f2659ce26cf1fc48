using Fixture.Protocol.Flashing;
using Xunit.Abstractions;

namespace Fixture.Simulator.Tests.Integration;

/// <summary>Prints the modelled stage times of the vendor sequence (for docs/results.md); asserts only that it ran.</summary>
public class ModelledFigures(ITestOutputHelper output)
{
    [Fact]
    public void Vendor_sequence_stage_times()
    {
        foreach (var baud in new[] { 2_000_000, 1_000_000 })
        {
            var r = VendorSequenceCalibrationTests.RunVendorSequence(baud);
            Assert.True(r.Flash.Succeeded);
            output.WriteLine($"{baud}: total {r.Total.TotalSeconds:F3} s; dance {r.ResetDance.TotalMilliseconds:F0} ms, bootrom handshake {r.BootromHandshake.TotalMilliseconds:F0} ms, helper {r.HelperLoad.TotalMilliseconds:F0} ms, loader handshake {r.LoaderHandshake.TotalMilliseconds:F0} ms, jedec {r.JedecRead.TotalMilliseconds:F1} ms, flash {r.Flash.Duration.TotalSeconds:F3} s");
            foreach (var region in r.Flash.Regions)
            {
                output.WriteLine($"  {region.Name}: erase {region.EraseDuration.TotalMilliseconds:F0} ms, write {region.WriteDuration.TotalMilliseconds:F0} ms, check {region.WriteCheckDuration.TotalMilliseconds:F1} ms, verify {region.VerifyDuration.TotalMilliseconds:F1} ms, sent {region.BytesSent}");
            }
        }
    }
}
