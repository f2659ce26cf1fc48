using Fixture.Protocol.Loader;
using Fixture.Protocol.Tests.Wire.Peers;
using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Tests.Loader;

/// <summary>
/// The same client on the system clock with no synchronisation context (continuations on the thread
/// pool), as on a real serial port: it must work there too. Nothing here asserts timing, and the
/// command timeout is generous so a loaded CI machine cannot turn a slow reply into a failure.
/// </summary>
[Trait("Category", "RealTime")]
public class RealTimeLoaderTests
{
    [Fact]
    public async Task The_client_works_on_the_system_clock_with_thread_pool_continuations()
    {
        var time = TimeProvider.System;
        using var peer = new ScriptedPeerStream(time);
        var loader = new ScriptedLoader(peer, time) { PendingBeforeEraseAnswer = 3 };
        using var channel = new ByteChannel(peer, time, "real-time link");
        var client = new LoaderClient(channel, time, new LoaderOptions { CommandTimeout = TimeSpan.FromSeconds(3) });
        var data = Enumerable.Range(0, 8192).Select(i => (byte)i).ToArray();

        await client.HandshakeAsync(2_000_000);
        var id = await client.ReadJedecIdAsync();
        await client.EraseAsync(0x4000, 0x5FFF);
        await client.WriteAsync(0x4000, data.AsMemory(0, 4096));
        await client.WriteAsync(0x5000, data.AsMemory(4096));
        await client.WriteCheckAsync();
        var sha = await client.ReadShaAsync(0x4000, 8192);

        Assert.Equal("ef4015", id.Id);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), sha);
        await Assert.ThrowsAsync<IspTimeoutException>(async () =>
        {
            loader.SilentCommands.Add(IspCommand.LogRead);
            await client.ReadLogAsync();
        });
    }
}
