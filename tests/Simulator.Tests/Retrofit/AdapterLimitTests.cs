namespace Fixture.Simulator.Tests.Retrofit;

/// <summary>An adapter with a maximum rate (issue 14): above it the loader never hears a handshake, at or below it nothing changes.</summary>
public class AdapterLimitTests
{
    [Fact]
    public void Loader_handshake_above_the_adapters_maximum_gets_no_OK()
    {
        var bench = LoaderBehindA1MbaudAdapterGreetedAt2Mbaud();

        var reply = bench.Sync();

        Assert.NotEqual(Bench.Ok, reply);
    }

    [Fact]
    public void After_a_garbled_burst_the_same_loader_answers_at_the_adapters_maximum()
    {
        var bench = LoaderBehindA1MbaudAdapterGreetedAt2Mbaud();
        bench.Sync();
        bench.Step(4500); // whatever the garbage started, two empty receives put the loader back in handshake mode

        bench.Link.SetBaudRate(1_000_000);

        Assert.Equal(Bench.Ok, bench.Sync());
        Assert.Equal(20 + 4, bench.Exchange(Bench.Frame(0x10, [])).Length);
    }

    /// <summary>The helper loaded through a 1 Mbaud adapter at the bootrom's rate, then the host port switched to 2 Mbaud.</summary>
    private static Bench LoaderBehindA1MbaudAdapterGreetedAt2Mbaud()
    {
        var bench = new Bench();
        bench.Link.MaximumBaud = 1_000_000;
        bench.PowerUpInBootrom();
        Assert.Equal(Bench.Ok, bench.Sync());
        Assert.Equal(Bench.Ok, bench.LoadHelper(Bench.HelperImage()));
        bench.Step(100);
        bench.Link.SetBaudRate(2_000_000);
        return bench;
    }

    [Fact]
    public void Replies_above_the_maximum_garble_on_the_way_back_too()
    {
        var bench = new Bench().EnterLoader();
        var clean = bench.Exchange(Bench.Frame(0x10, []));
        Assert.Equal(24, clean.Length);

        // The host now reads through an adapter that cannot clock 2 Mbaud; the unit still answers at 2 Mbaud.
        bench.Link.MaximumBaud = 921_600;
        var reply = bench.Exchange(Bench.Frame(0x10, []));

        Assert.NotEqual(clean, reply);
        Assert.NotEqual(Bench.Ok, reply.Take(2).ToArray());
    }

    [Fact]
    public void At_or_below_the_maximum_the_adapter_changes_nothing()
    {
        var bench = new Bench();
        bench.Link.MaximumBaud = 2_000_000;
        bench.EnterLoader();
        Assert.Equal(24, bench.Exchange(Bench.Frame(0x10, [])).Length);
    }
}

/// <summary>
/// Issue 14 §2: an adapter limited on its transmit path only (a loader-marginal adapter): the unit's 2 Mbaud replies
/// still read clean, the host's 2 Mbaud frames do not reach the loader intact. docs/simulator.md says why it exists.
/// </summary>
public class TransmitLimitedAdapterTests
{
    [Fact]
    public void Host_frames_above_the_transmit_limit_garble_while_the_units_replies_read_clean()
    {
        var bench = new Bench().EnterLoader();
        var clean = bench.Exchange(Bench.Frame(0x10, []));

        bench.Link.MaximumTransmitBaud = 1_000_000;
        var reply = bench.Exchange(Bench.Frame(0x10, []));

        Assert.Equal(24, clean.Length);
        Assert.NotEqual(clean, reply);
        Assert.Null(bench.Link.MaximumReceiveBaud);
    }

    [Fact]
    public void The_receive_limit_the_station_checks_is_the_symmetric_maximum_alone()
    {
        var bench = new Bench();

        bench.Link.MaximumTransmitBaud = 1_000_000;
        bench.Link.MaximumBaud = 921_600;

        Assert.Equal(921_600, bench.Link.MaximumReceiveBaud);
    }
}

/// <summary>Issue 14 §1: flash_boot (0x33), answered by the 2022 loader, and the loader variant that lacks it.</summary>
public class FlashBootTests
{
    [Fact]
    public void Flash_boot_answers_OK_and_leaves_the_loader()
    {
        var bench = new Bench().EnterLoader();

        var reply = bench.Exchange(Bench.Frame(0x33, []));

        Assert.Equal(Bench.Ok, reply.Take(2).ToArray());
        Assert.NotEqual(Fixture.Simulator.Unit.UnitActivity.Loader, bench.Unit.Activity);
    }

    [Fact]
    public void A_loader_without_flash_boot_gives_no_reply_and_keeps_running()
    {
        var bench = new Bench(new Fixture.Simulator.Faults.UnitFaults { FlashBootUnanswered = true }).EnterLoader();

        var reply = bench.Exchange(Bench.Frame(0x33, []), waitMs: 500);

        Assert.Empty(reply);
        Assert.Equal(Fixture.Simulator.Unit.UnitActivity.Loader, bench.Unit.Activity);
        Assert.Equal(24, bench.Exchange(Bench.Frame(0x10, [])).Length);
    }
}
