using Fixture.Controller.Simulation;
using Fixture.Controller.Workflow;
using Fixture.Simulator.Timing;

namespace Fixture.Controller.Tests.Simulation;

/// <summary>
/// A socket's loop lives as long as the socket: work started in one unit's run (the open port's reader)
/// and completed while no run is active continues on the socket's thread in the next run.
/// </summary>
[Trait("Category", "RealTime")]
public class SocketLoopTests
{
    [Fact]
    public async Task Real_time_a_continuation_posted_between_runs_runs_on_the_socket_thread_in_the_next_run()
    {
        using var loop = new SingleThreadSocketLoop(TimeProvider.System);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resumedOn = -1;
        var socketThread = -1;
        Task reader = null!;

        var socket = new Thread(() =>
        {
            socketThread = Environment.CurrentManagedThreadId;
            loop.Run(() =>
            {
                reader = ReadAsync();
                return Task.CompletedTask;
            });
            arrived.SetResult(); // between runs, from no loop at all: the continuation is posted and waits
            loop.Run(async () => await reader);
        });
        socket.IsBackground = true; // a loop that lost the continuation would wait for ever
        socket.Start();
        await Task.Run(() => socket.Join(TimeSpan.FromSeconds(30)));

        Assert.True(reader.IsCompletedSuccessfully);
        Assert.Equal(socketThread, resumedOn);

        async Task ReadAsync()
        {
            await arrived.Task;
            resumedOn = Environment.CurrentManagedThreadId;
        }
    }

    [Fact]
    public void Modelled_a_continuation_posted_between_runs_runs_in_the_next_run()
    {
        var clock = new SimulationClock();
        using var loop = new ModelledSocketLoop(clock);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task reader = null!;

        loop.Run(() =>
        {
            reader = ReadAsync();
            return Task.CompletedTask;
        });
        arrived.SetResult();
        loop.Run(async () => await reader);

        Assert.True(reader.IsCompletedSuccessfully);

        async Task ReadAsync() => await arrived.Task;
    }

    [Fact]
    public void Post_outside_a_run_is_refused()
    {
        using var loop = new SingleThreadSocketLoop(TimeProvider.System);
        Assert.False(loop.Post(() => { }));
    }
}
