using System.Text;
using Fixture.Controller.Reports;
using Fixture.Controller.Station;

namespace Fixture.Controller.OperatorScreen;

/// <summary>
/// Turns the keys read in one poll (a "burst") into operator requests. A burst with two or more
/// printable characters is typed text — a barcode scanner types a whole code in one go — and is
/// collected until Enter; a single key is a command: Enter starts, 1–8 select a socket (0: all),
/// A or Esc aborts after a Y confirmation, U/L/O open the unit-id, lot and operator prompts, V marks
/// the next start as a verification unit, T asks a technician's id and unlocks the selected (locked)
/// socket, C clears the messages. Runs on the render loop only.
/// </summary>
internal sealed partial class OperatorKeys
{
    private readonly OperatorConsoleOptions options;
    private readonly ConsoleState state;
    private readonly IOperatorRequests requests;
    private readonly StringBuilder buffer = new();
    private int? selected;
    private PromptKind prompt;
    private int? promptSocket;
    private bool abortPending;
    private int? abortTarget;
    private VerificationUnitKind nextVerification;
    private Feedback? feedback;

    public OperatorKeys(OperatorConsoleOptions options, ConsoleState state, IOperatorRequests requests)
    {
        this.options = options;
        this.state = state;
        this.requests = requests;
    }

    public InputStatus Status =>
        new(selected, prompt, promptSocket, buffer.ToString(), abortTarget, abortPending, nextVerification, feedback);

    private bool IsGang => options.Sockets.Count > 1;

    private string SocketList => string.Join(", ", options.Sockets);

    public void Handle(IReadOnlyList<ConsoleKeyInfo> burst)
    {
        var isTypedText = burst.Count(key => IsPrintable(key)) >= 2;
        foreach (var key in burst)
        {
            Handle(key, isTypedText);
        }

        state.Touch();
    }

    private void Handle(ConsoleKeyInfo key, bool isTypedText)
    {
        if (abortPending)
        {
            ConfirmAbort(key);
        }
        else if (prompt != PromptKind.None)
        {
            Edit(key);
        }
        else if (isTypedText && IsPrintable(key))
        {
            Open(PromptKind.Scan, selected ?? OnlySocket());
            Edit(key);
        }
        else
        {
            Command(key);
        }
    }

    private void Command(ConsoleKeyInfo key)
    {
        if (IsEnter(key))
        {
            Start();
            return;
        }

        if (key.Key == ConsoleKey.Escape)
        {
            AskAbort();
            return;
        }

        switch (char.ToUpperInvariant(key.KeyChar))
        {
            case >= '1' and <= '9' and var digit:
                Select(digit - '0');
                break;
            case '0':
                selected = null;
                Say(StationMessageLevel.Info, "All sockets selected: Enter starts every idle socket.");
                break;
            case 'A':
                AskAbort();
                break;
            case 'U':
                OpenUnitIdPrompt();
                break;
            case 'L':
                OpenShiftPrompt(PromptKind.Lot, options.LotEntry, "lot");
                break;
            case 'O':
                OpenShiftPrompt(PromptKind.Operator, options.OperatorEntry, "operator");
                break;
            case 'V':
                CycleVerification();
                break;
            case 'T':
                OpenUnlockPrompt();
                break;
            case 'C':
                state.ClearMessages();
                Say(StationMessageLevel.Info, "Messages cleared.");
                break;
            default:
                if (IsPrintable(key))
                {
                    Say(StationMessageLevel.Info, $"Key '{key.KeyChar}' does nothing here; the keys are listed above the tiles.");
                }

                break;
        }
    }

    private void Select(int socket)
    {
        if (!options.Sockets.Contains(socket))
        {
            Say(StationMessageLevel.Warning, $"There is no socket {socket} on this station; its sockets are {SocketList}.");
            return;
        }

        // Pressing the selected socket's number again goes back to "all sockets".
        selected = selected == socket ? null : socket;
        Say(StationMessageLevel.Info, selected is null
            ? "All sockets selected: Enter starts every idle socket."
            : $"Socket {socket} selected: Enter starts it, a scan binds to it. Press {socket} again for all sockets.");
    }

    private void Start()
    {
        if (requests.TryConfirm(selected))
        {
            Say(StationMessageLevel.Info, "Done: the socket goes on.");
            return;
        }

        var frame = state.Capture();
        if (options.LotEntry == EntryRule.Required && string.IsNullOrEmpty(frame.Lot))
        {
            Say(StationMessageLevel.Warning, "Not started: enter the lot first (press L, type or scan it, press Enter).");
            return;
        }

        if (options.OperatorEntry == EntryRule.Required && string.IsNullOrEmpty(frame.Operator))
        {
            Say(StationMessageLevel.Warning, "Not started: enter your operator name first (press O, type it, press Enter).");
            return;
        }

        var targets = frame.Tiles.Where(tile => selected is null ? !tile.IsBusy : tile.Socket == selected).ToList();
        if (selected is { } socket && targets[0].IsBusy)
        {
            Say(StationMessageLevel.Warning, $"Socket {socket} is still running a unit ({targets[0].Snapshot!.State}): wait for its result, or press A to abort it.");
            return;
        }

        if (targets.Count == 0)
        {
            Say(StationMessageLevel.Warning, "Every socket is running a unit: wait for a result before starting again.");
            return;
        }

        var withoutId = targets.Where(tile => tile.BoundUnitId is null).Select(tile => tile.Socket).ToList();
        if (options.UnitIdEntry == EntryRule.Required && withoutId.Count > 0)
        {
            Say(StationMessageLevel.Warning, IsGang
                ? $"Not started: no unit id on socket {string.Join(", ", withoutId)}. Press the socket's number, scan its unit's barcode, then press Enter."
                : "Not started: scan the unit's barcode first, then press Enter.");
            return;
        }

        requests.Start(new StartRequest(selected, nextVerification));
        var marking = nextVerification == VerificationUnitKind.None ? "" : $" ({nextVerification.ToText()} verification unit)";
        Say(StationMessageLevel.Info, $"Started socket {string.Join(", ", targets.Select(tile => tile.Socket))}{marking}.");
        nextVerification = VerificationUnitKind.None;
    }

    private void AskAbort()
    {
        var frame = state.Capture();
        var running = frame.Tiles.Where(tile => tile.IsBusy && (selected is null || tile.Socket == selected)).ToList();
        if (running.Count == 0)
        {
            Say(StationMessageLevel.Info, selected is { } socket
                ? $"Nothing to abort: socket {socket} is not running a unit."
                : "Nothing to abort: no socket is running a unit.");
            return;
        }

        abortPending = true;
        abortTarget = selected;
        feedback = null;
    }

    private void ConfirmAbort(ConsoleKeyInfo key)
    {
        abortPending = false;
        var what = abortTarget is { } socket ? $"socket {socket}" : "every running socket";
        if (char.ToUpperInvariant(key.KeyChar) == 'Y')
        {
            requests.Abort(abortTarget);
            Say(StationMessageLevel.Warning, $"Abort sent to {what}: its unit ends ABORTED and is powered off.");
        }
        else
        {
            Say(StationMessageLevel.Info, $"Abort cancelled: {what} keeps running.");
        }

        abortTarget = null;
    }

    private void CycleVerification()
    {
        nextVerification = nextVerification switch
        {
            VerificationUnitKind.None => VerificationUnitKind.Golden,
            VerificationUnitKind.Golden => VerificationUnitKind.KnownBad,
            _ => VerificationUnitKind.None,
        };
        Say(StationMessageLevel.Info, nextVerification switch
        {
            VerificationUnitKind.Golden => "The next start is a GOLDEN verification unit (it must PASS; left out of yield). V again: known-bad.",
            VerificationUnitKind.KnownBad => "The next start is a KNOWN_BAD verification unit (it must FAIL; left out of yield). V again: production.",
            _ => "The next start is a production unit.",
        });
    }

    private void Close()
    {
        prompt = PromptKind.None;
        promptSocket = null;
        buffer.Clear();
    }

    private int? OnlySocket() => IsGang ? null : options.Sockets[0];

    private void Say(StationMessageLevel level, string text) => feedback = new Feedback(level, text);

    internal static string PromptName(PromptKind kind) => kind switch
    {
        PromptKind.Lot => "Lot",
        PromptKind.Operator => "Operator",
        PromptKind.Unlock => "Technician id",
        _ => "Unit id",
    };

    private static bool IsEnter(ConsoleKeyInfo key) => key.Key == ConsoleKey.Enter || key.KeyChar is '\r' or '\n';

    private static bool IsPrintable(ConsoleKeyInfo key) => key.KeyChar != '\0' && !char.IsControl(key.KeyChar);
}
