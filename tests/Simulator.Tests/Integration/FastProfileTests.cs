using Fixture.Protocol.Bootrom;
using Fixture.Protocol.Flashing;
using Fixture.Protocol.Images;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Plans;
using Fixture.Protocol.Recipes;
using Fixture.Protocol.Wire;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Timing;

namespace Fixture.Simulator.Tests.Integration;

/// <summary>
/// The fixture's fast profile (<see cref="FlashProfile.Fast"/> through <see cref="ClientChain"/>)
/// flashes the committed recipe's plan into simulated units and proves it, across adapters, rates
/// and the faults it must survive. Behaviour only: the speed figures live in `fixture bench flash`.
/// </summary>
public class FastProfileTests
{
    private static readonly Lazy<(HelperImage Helper, FlashPlan Plan)> Recipe = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fixture.sln")))
        {
            directory = directory.Parent;
        }

        var recipe = RecipeLoader.Load(Path.Combine(directory!.FullName, "config", "recipes", "openbl602-sim", "recipe.json"));
        return (recipe.HelperImage, FlashPlanBuilder.Build(recipe));
    });

    private static FlashPlan Plan => Recipe.Value.Plan;

    [Theory]
    [InlineData(2_000_000, 1.5)]
    [InlineData(2_000_000, 16)]
    [InlineData(3_000_000, 1.5)]
    public void The_fast_profile_flashes_and_verifies_the_recipe_on_a_factory_fresh_unit(int baud, double turnaroundMs)
    {
        var timing = TimingModel.Default with { HostTurnaround = TimeSpan.FromMilliseconds(turnaroundMs) };
        var run = Flash(new SimulatedSocket(timing), baud);

        Assert.True(run.Result.Flash.Succeeded, run.Result.Flash.Failure?.Reason);
        AssertFlashHoldsPlan(run.Socket);
        // Every written region was proven by its own 0x3A and a 0x3D over its bytes.
        var written = Plan.Regions.Count(r => !r.IsEraseOnly);
        Assert.Equal(written, run.Commands.Count(c => c == IspCommand.FlashWriteCheck));
        Assert.DoesNotContain(IspCommand.FlashXipReadSha, run.Commands);
        Assert.Equal([0xAC, 0xD8, 0x29, 0x6B, 0xB7, 0xED], run.Result.Mac.ToBytes()); // 0x42: eFuse slot 0, the chip id
        Assert.Equal("ef4015", run.Result.Jedec.Id);
    }

    [Fact]
    public void The_firmware_goes_out_in_16_KiB_frames()
    {
        var run = Flash(new SimulatedSocket(TimingModel.Ftdi), 2_000_000);

        var firmware = Plan.Regions.Single(r => r.Kind == FlashRegionKind.Firmware);
        var stream = firmware.Compressed!.Value.Length;
        // Address words: region | bit 31 on the first frame, region + stream offset on the others.
        var frames = run.Frames
            .Where(f => f.Command == IspCommand.FlashDecompressWrite)
            .Where(f => (BitConverter.ToUInt32(f.Payload, 0) & 0x7FFF_FFFF) - firmware.Address < (uint)stream)
            .ToList();
        Assert.Equal((stream + LoaderOptions.MaxWriteChunk - 1) / LoaderOptions.MaxWriteChunk, frames.Count);
        Assert.All(frames.SkipLast(1), f => Assert.Equal(LoaderOptions.MaxWriteChunk + 4, f.Payload.Length));
    }

    [Fact]
    public void A_unit_that_holds_the_image_skips_erase_and_write_but_every_region_is_still_hashed()
    {
        var socket = new SimulatedSocket(faults: new UnitFaults { AlreadyFlashed = true });
        // The firmware wrote its config into PSM when it booted last time: clean slate must erase it.
        var psm = Plan.Regions.Single(r => r.Name == "erase PSM");
        Assert.False(socket.Unit.Flash.IsBlank(psm.Address, (int)psm.EraseLength));

        var run = Flash(socket, 2_000_000);

        Assert.True(run.Result.Flash.Succeeded, run.Result.Flash.Failure?.Reason);
        Assert.All(run.Result.Flash.Regions.Where(r => r.Name != psm.Name), r => Assert.True(r.SkippedByHash, r.Name));
        // Only PSM's sectors in use are erased (one boot's config fills the first sector), and PSM ends erased.
        var erases = run.Frames.Where(f => f.Command == IspCommand.FlashErase).Select(EraseArguments).ToList();
        Assert.Equal([(psm.Address, psm.Address + 0xFFF)], erases);
        Assert.True(socket.Unit.Flash.IsBlank(psm.Address, (int)psm.EraseLength));
        Assert.DoesNotContain(IspCommand.FlashWrite, run.Commands);
        Assert.DoesNotContain(IspCommand.FlashDecompressWrite, run.Commands);
        // Each region's SHA-256 over its full length was asked for and matched.
        foreach (var region in Plan.Regions)
        {
            var length = region.IsEraseOnly ? region.EraseLength : (uint)region.Data.Length;
            Assert.Contains(run.Frames, f => f.Command == IspCommand.FlashReadSha && ShaArguments(f) == (region.Address, length));
        }
    }

    [Fact]
    public void On_a_factory_fresh_unit_a_prefix_probe_settles_each_region_and_erased_ranges_are_not_erased_again()
    {
        var socket = new SimulatedSocket();
        var psm = Plan.Regions.Single(r => r.Name == "erase PSM");
        var factory = Plan.Regions.Single(r => r.Kind == FlashRegionKind.FactoryParameters);
        var firmware = Plan.Regions.Single(r => r.Kind == FlashRegionKind.Firmware);
        Assert.True(socket.Unit.Flash.IsBlank(psm.Address, (int)psm.EraseLength));
        Assert.True(socket.Unit.Flash.IsBlank(factory.Address, factory.Data.Length));

        var run = Flash(socket, 2_000_000);

        Assert.True(run.Result.Flash.Succeeded, run.Result.Flash.Failure?.Reason);
        var results = run.Result.Flash.Regions.ToDictionary(r => r.Name);
        Assert.True(results[psm.Name].SkippedByHash);
        Assert.True(results[factory.Name].EraseSkipped);
        Assert.DoesNotContain(run.Frames, f => f.Command == IspCommand.FlashErase && EraseArguments(f).Start == psm.Address);
        Assert.DoesNotContain(run.Frames, f => f.Command == IspCommand.FlashErase && EraseArguments(f).Start == factory.Address);
        // The stock firmware's first 4 KiB differ: the whole firmware is never hashed before writing, only after.
        Assert.Single(run.Frames, f => f.Command == IspCommand.FlashReadSha && ShaArguments(f) == (firmware.Address, (uint)firmware.Data.Length));
        Assert.Contains(run.Frames, f => f.Command == IspCommand.FlashErase && EraseArguments(f) == (firmware.Address, firmware.EraseEnd));
        AssertFlashHoldsPlan(run.Socket);
    }

    [Fact]
    public void A_used_unit_s_config_and_old_second_slot_image_are_erased_sector_by_sector_as_needed()
    {
        var socket = new SimulatedSocket(faults: new UnitFaults { UsedUnit = new UsedUnitState() });
        var run = Flash(socket, 2_000_000);

        Assert.True(run.Result.Flash.Succeeded, run.Result.Flash.Failure?.Reason);
        foreach (var region in Plan.Regions.Where(r => r.IsEraseOnly))
        {
            var result = run.Result.Flash.Regions.Single(r => r.Name == region.Name);
            Assert.False(result.SkippedByHash, region.Name);
            Assert.InRange(result.ErasedLength, 1, region.EraseLength);
        }

        AssertFlashHoldsPlan(socket);
    }

    [Theory]
    [InlineData(LoaderAckMode.BeforeProgramming)]
    [InlineData(LoaderAckMode.BeforeProgrammingDeaf)]
    [InlineData(LoaderAckMode.AfterProgramming)]
    public void A_loader_in_each_acknowledgement_order_is_flashed_and_verified(LoaderAckMode mode)
    {
        var run = Flash(new SimulatedSocket(faults: new UnitFaults { AckMode = mode }), 2_000_000);

        Assert.True(run.Result.Flash.Succeeded, run.Result.Flash.Failure?.Reason);
        AssertFlashHoldsPlan(run.Socket);
        if (mode == LoaderAckMode.BeforeProgrammingDeaf)
        {
            Assert.True(run.Result.Flash.LostFrames > 0, "the deaf loader lost no frame, so the test proves nothing");
        }
    }

    [Fact]
    public void A_loader_that_dropped_back_to_handshake_mode_is_resynced_and_the_plan_completes()
    {
        var socket = new SimulatedSocket();
        var (flash, commands) = VirtualTime.Run(socket.Clock, async () =>
        {
            var clock = socket.Clock;
            socket.Link.Open(500_000);
            await EnterBootModeAsync(socket);
            using var channel = new ByteChannel(socket.Link.Stream, clock, socket.Link.PortName);
            var profile = FlashProfile.Fast;
            var bootrom = new BootromClient(channel, clock, profile.Bootrom);
            await bootrom.HandshakeAsync(500_000);
            await bootrom.LoadHelperAsync(Recipe.Value.Helper);
            socket.Link.SetBaudRate(2_000_000);
            var loader = new LoaderClient(channel, clock, profile.Loader);
            await loader.HandshakeAsync(2_000_000);
            // Two idle periods of 2 s: the loader leaves command mode and waits for a new 0x55 burst.
            await Task.Delay(TimeSpan.FromSeconds(4.5), clock);
            return (await new Flasher(loader, profile.Flasher).RunAsync(Plan), 0);
        });

        Assert.True(flash.Succeeded, flash.Failure?.Reason);
        Assert.True(flash.Resyncs >= 1);
        AssertFlashHoldsPlan(socket);
    }

    [Fact]
    public void A_helper_left_running_is_used_again_after_its_idle_drop_without_loading_it()
    {
        var socket = new SimulatedSocket();
        var (first, second) = VirtualTime.Run(socket.Clock, async () =>
        {
            socket.Link.Open(500_000);
            await EnterBootModeAsync(socket);
            using var channel = new ByteChannel(socket.Link.Stream, socket.Clock, socket.Link.PortName);
            var sequence = new ClientChain(channel, socket.Clock, FlashProfile.Fast, socket.Link.SetBaudRate);
            var first = await sequence.RunAsync(Recipe.Value.Helper, Plan, 2_000_000);
            // Nobody reset the unit: its loader idles back to handshake mode and answers the next bootrom-rate burst.
            await Task.Delay(TimeSpan.FromSeconds(5), socket.Clock);
            return (first, await sequence.RunAsync(Recipe.Value.Helper, Plan, 2_000_000));
        });

        Assert.True(first.Flash.Succeeded, first.Flash.Failure?.Reason);
        Assert.True(second.HelperAlreadyRunning);
        Assert.True(second.BootInfo.IsLoaderRunning);
        Assert.True(second.Flash.Succeeded, second.Flash.Failure?.Reason);
        Assert.All(second.Flash.Regions, r => Assert.True(r.SkippedByHash, r.Name));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(150)]
    public void A_loader_OK_that_comes_after_the_wait_for_it_is_still_taken_and_the_plan_is_verified(double turnaroundMs)
    {
        // The loader's OK reaches the host later than the fast profile waits for it (40 ms after the
        // burst), as behind a busy host: the loader is then past its handshake and takes the later
        // bursts as the start of a frame longer than its buffer, which never completes: it answers
        // nothing until two 2 s receives have passed and it wants a handshake again (the decompiled
        // loader's receive). The host must take the late OK whenever it comes, find out whether the
        // loader takes commands, and go on (after the idle drop when its own burst blocked the loader).
        var timing = TimingModel.Default with { HostTurnaround = TimeSpan.FromMilliseconds(turnaroundMs) };
        var bootrom = FlashProfile.Fast.Bootrom;
        var profile = FlashProfile.Fast with
        {
            Bootrom = bootrom with { Handshake = bootrom.Handshake with { ReplyTimeout = TimeSpan.FromMilliseconds(400) } },
        };

        var run = Flash(new SimulatedSocket(timing), 2_000_000, profile);

        Assert.True(run.Result.Flash.Succeeded, run.Result.Flash.Failure?.Reason);
        Assert.True(run.Result.LoaderBursts > 1, "the first burst was answered in time, so the test proves nothing");
        // Not longer than one idle drop and a new handshake.
        Assert.True(run.Result.LoaderHandshake < TimeSpan.FromSeconds(6), run.Result.LoaderHandshake.ToString());
        AssertFlashHoldsPlan(run.Socket);
    }

    [Fact]
    public void Bytes_corrupted_on_the_line_are_absorbed_by_resends_and_the_plan_is_verified()
    {
        var socket = new SimulatedSocket(faults: new UnitFaults { LineCorruptionRate = 2e-5 });
        var run = Flash(socket, 2_000_000);

        Assert.True(run.Result.Flash.Succeeded, run.Result.Flash.Failure?.Reason);
        Assert.True(run.Result.Flash.ChecksumResends > 0, "no frame was refused, so the test proves nothing");
        AssertFlashHoldsPlan(socket);
    }

    [Fact]
    public void Write_protected_flash_fails_in_the_verify_phase_with_the_chip_s_hash_in_the_error()
    {
        var socket = new SimulatedSocket(faults: new UnitFaults { WriteProtected = true });
        var run = Flash(socket, 2_000_000);

        Assert.False(run.Result.Flash.Succeeded);
        var failure = run.Result.Flash.Failure!;
        Assert.Equal(FlashPhase.Verify, failure.Phase);
        Assert.IsType<FlashVerifyException>(failure.Error);
        // 0x3A passed (writes are acknowledged): only the SHA-256 caught it.
        Assert.DoesNotContain(run.Result.Flash.Regions, r => r.Completed && !r.SkippedByHash);
    }

    [Fact]
    public void The_modelled_figures_are_identical_on_every_run()
    {
        var first = Flash(new SimulatedSocket(), 2_000_000).Result;
        var second = Flash(new SimulatedSocket(), 2_000_000).Result;

        Assert.Equal(first.Total, second.Total);
        Assert.Equal(first.BytesSent, second.BytesSent);
        Assert.Equal(first.Flash.Regions.Select(r => r.WriteDuration), second.Flash.Regions.Select(r => r.WriteDuration));
    }

    private static (ClientChainResult Result, SimulatedSocket Socket, List<RequestFrame> Frames, List<byte> Commands) Flash(SimulatedSocket socket, int baud, FlashProfile? profile = null)
    {
        var log = new List<RequestFrame>();
        var result = VirtualTime.Run(socket.Clock, async () =>
        {
            socket.Link.Open(500_000);
            await EnterBootModeAsync(socket);
            using var channel = new ByteChannel(new FrameLog(socket.Link.Stream, log), socket.Clock, socket.Link.PortName);
            return await new ClientChain(channel, socket.Clock, profile ?? FlashProfile.Fast, socket.Link.SetBaudRate).RunAsync(Recipe.Value.Helper, Plan, baud);
        });
        return (result, socket, log, log.Select(f => f.Command).ToList());
    }

    /// <summary>Power on with BOOT high and CHIP_EN held (RTS on the Dev Cube wiring), released 5 ms later.</summary>
    private static async Task EnterBootModeAsync(SimulatedSocket socket)
    {
        socket.Unit.SetBootStrap(true);
        socket.Link.RequestToSend = true;
        socket.Unit.SetPower(true);
        await Task.Delay(TimeSpan.FromMilliseconds(5), socket.Clock);
        socket.Link.RequestToSend = false;
    }

    private static void AssertFlashHoldsPlan(SimulatedSocket socket)
    {
        foreach (var region in Plan.Regions)
        {
            Assert.True(
                region.IsEraseOnly
                    ? socket.Unit.Flash.IsBlank(region.Address, (int)region.EraseLength)
                    : socket.Unit.Flash.View(region.Address, region.Data.Length).SequenceEqual(region.Data.Span),
                region.Name);
        }
    }

    private static (uint Address, uint Length) ShaArguments(RequestFrame f) =>
        (BitConverter.ToUInt32(f.Payload, 0), BitConverter.ToUInt32(f.Payload, 4));

    private static (uint Start, uint End) EraseArguments(RequestFrame f) =>
        (BitConverter.ToUInt32(f.Payload, 0), BitConverter.ToUInt32(f.Payload, 4));

    /// <summary>Records every request frame the host writes (bursts of 0x55 are not frames).</summary>
    private sealed class FrameLog(Stream inner, List<RequestFrame> frames) : DuplexStream
    {

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Record(buffer);
            inner.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Record(buffer.Span);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        private void Record(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IndexOfAnyExcept((byte)0x55) >= 0 && RequestFrame.TryDecode(bytes, out var frame, out _))
            {
                frames.Add(frame!);
            }
        }
    }
}
