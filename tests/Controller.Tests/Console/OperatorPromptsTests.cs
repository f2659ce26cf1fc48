using Fixture.Controller.Station;
using Fixture.Hal.Lines;

namespace Fixture.Controller.Tests.Console;

/// <summary>Issue 14 §1: a manual socket's instructions, one at a time, confirmed by the operator's Enter, ended by Abort.</summary>
public sealed class OperatorPromptsTests
{
    [Fact]
    public async Task An_instruction_that_waits_is_shown_for_its_socket_and_ends_only_on_that_sockets_Enter()
    {
        var observer = new MessageLog();
        var prompts = new OperatorPrompts(observer);

        var waiting = prompts.ShowAsync(new OperatorInstruction("socket 2", ManualSocketSequences.HoldBootAndPlugIn, WaitsForKey: true), CancellationToken.None);

        Assert.False(waiting.IsCompleted);
        Assert.False(prompts.TryConfirm(1));
        Assert.True(prompts.TryConfirm(2));
        await waiting;
        Assert.False(prompts.IsWaiting);
        var shown = Assert.Single(observer.Messages);
        Assert.Equal(2, shown.Socket);
        Assert.Equal("OPERATOR: Hold BOOT and plug the unit in, then press Enter", shown.Text);
    }

    [Fact]
    public async Task Enter_with_no_socket_named_confirms_the_one_waiting_and_a_second_Enter_is_a_start_again()
    {
        var prompts = new OperatorPrompts(new MessageLog());
        var waiting = prompts.ShowAsync(new OperatorInstruction("socket 1", ManualSocketSequences.ReplugWithoutBoot, WaitsForKey: true), CancellationToken.None);

        Assert.True(prompts.TryConfirm(null));
        await waiting;

        Assert.False(prompts.TryConfirm(null));
    }

    [Fact]
    public async Task Abort_ends_the_wait_and_an_instruction_that_does_not_wait_holds_nothing()
    {
        var prompts = new OperatorPrompts(new MessageLog());
        using var abort = new CancellationTokenSource();
        var waiting = prompts.ShowAsync(new OperatorInstruction("socket 1", ManualSocketSequences.HoldBootAndPlugIn, WaitsForKey: true), abort.Token);

        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(prompts.IsWaiting);
        Assert.True(prompts.ShowAsync(new OperatorInstruction("socket 1", ManualSocketSequences.ReleaseBoot, WaitsForKey: false), CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task On_the_operator_console_Enter_confirms_a_waiting_socket_instead_of_starting_anything()
    {
        using var harness = new ConsoleHarness(sockets: 1);
        var prompts = new OperatorPrompts(harness.Console);
        harness.Console.ConfirmInstruction = prompts.TryConfirm;
        var waiting = prompts.ShowAsync(new OperatorInstruction("socket 1", ManualSocketSequences.HoldBootAndPlugIn, WaitsForKey: true), CancellationToken.None);

        harness.Press(ConsoleKey.Enter);

        // The wait resumes on the thread pool (its continuations run asynchronously, so the console's thread never runs
        // the workflow): awaited with a deadline only a wait that was never confirmed can exceed.
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(harness.Starts);
        Assert.Contains("OPERATOR: Hold BOOT and plug the unit in", harness.Screen(), StringComparison.Ordinal);
    }

    private sealed class MessageLog : IStationObserver
    {
        public List<StationMessage> Messages { get; } = [];

        public void OnStationMessage(StationMessage message) => Messages.Add(message);

        public void OnSocketChanged(SocketSnapshot snapshot)
        {
        }

        public void OnUnitFinished(UnitOutcome outcome)
        {
        }

        public void OnCountsChanged(StationCounts counts)
        {
        }
    }
}
