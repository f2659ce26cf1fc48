using Fixture.Protocol.Flashing;
using Fixture.Protocol.Images;
using Fixture.Protocol.Wire;
using Fixture.Simulator.Timing;

namespace Fixture.Simulator.Tests.Integration;

/// <summary>
/// Keeps the timing model honest (fixture-design §7): the vendor tool's sequence, run on the
/// simulator with the synthetic set, must model what BLDevCube measured on the real module.
/// Asserted on modelled time, which is the same on every run.
/// </summary>
public class VendorSequenceCalibrationTests
{
    [Theory]
    [InlineData(2_000_000, 10.8, 0.10)]
    [InlineData(1_000_000, 14.5, 0.15)]
    public void The_vendor_sequence_models_the_measured_total(int loadBaud, double measuredSeconds, double tolerance)
    {
        var result = RunVendorSequence(loadBaud);
        Assert.True(result.Flash.Succeeded, result.Flash.Failure?.Reason);
        Assert.InRange(result.Total.TotalSeconds, measuredSeconds * (1 - tolerance), measuredSeconds * (1 + tolerance));
    }

    [Fact]
    public void The_modelled_figures_are_identical_on_every_run()
    {
        Assert.Equal(RunVendorSequence(2_000_000).Total, RunVendorSequence(2_000_000).Total);
    }

    internal static DevCubeResult RunVendorSequence(int loadBaud)
    {
        var socket = new SimulatedSocket(TimingModel.VendorBench);
        var plan = SimulatedSocket.VendorPlan();
        return VirtualTime.Run(socket.Clock, async () =>
        {
            socket.Link.Open(DevCubeSequence.BootromBaud);
            socket.Unit.SetBootStrap(true); // GPIO8 pulled up on the fixture
            socket.Unit.SetPower(true);
            using var channel = new ByteChannel(socket.Link.Stream, socket.Clock, socket.Link.PortName);
            var sequence = new DevCubeSequence(
                channel,
                socket.Clock,
                ct => DevCubeSequence.ReplayResetDanceAsync(
                    (line, asserted) =>
                    {
                        if (line == "RTS")
                        {
                            socket.Link.RequestToSend = asserted;
                        }
                        else
                        {
                            socket.Link.DataTerminalReady = asserted;
                        }
                    },
                    socket.Clock,
                    ct),
                socket.Link.SetBaudRate);
            return await sequence.RunAsync(HelperImage.Parse(socket.Assets.Helper), plan, loadBaud);
        });
    }
}
