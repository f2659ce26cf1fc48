using Fixture.Controller.Station;

namespace Fixture.Controller.OperatorScreen;

/// <summary>The typed entries: a scanned or typed unit id, the lot, the operator.</summary>
internal sealed partial class OperatorKeys
{
    private void OpenUnitIdPrompt()
    {
        if (options.UnitIdEntry == EntryRule.Off)
        {
            Say(StationMessageLevel.Warning, "Unit-id entry is off on this station.");
            return;
        }

        if ((selected ?? OnlySocket()) is not { } socket)
        {
            Say(StationMessageLevel.Warning, $"Press the socket's number ({SocketList}) first, then U, so the unit id goes to the right socket.");
            return;
        }

        Open(PromptKind.UnitId, socket);
    }

    private void OpenUnlockPrompt()
    {
        if ((selected ?? OnlySocket()) is not { } socket)
        {
            Say(StationMessageLevel.Warning, $"Press the locked socket's number ({SocketList}) first, then T, and type your technician id.");
            return;
        }

        Open(PromptKind.Unlock, socket);
    }

    private void OpenShiftPrompt(PromptKind kind, EntryRule rule, string what)
    {
        if (rule == EntryRule.Off)
        {
            Say(StationMessageLevel.Warning, $"Entering the {what} is off on this station.");
            return;
        }

        Open(kind, null);
    }

    private void Open(PromptKind kind, int? socket)
    {
        prompt = kind;
        promptSocket = socket;
        buffer.Clear();
        feedback = null;
    }

    private void Edit(ConsoleKeyInfo key)
    {
        if (IsEnter(key))
        {
            Commit();
        }
        else if (key.Key == ConsoleKey.Escape)
        {
            Say(StationMessageLevel.Info, $"{PromptName(prompt)} entry cancelled; nothing changed.");
            Close();
        }
        else if (key.Key == ConsoleKey.Backspace)
        {
            if (buffer.Length > 0)
            {
                buffer.Length--;
            }
        }
        else if (IsPrintable(key))
        {
            if (buffer.Length < options.MaxEntryLength)
            {
                buffer.Append(key.KeyChar);
            }
            else
            {
                Say(StationMessageLevel.Warning, $"An entry holds at most {options.MaxEntryLength} characters; the rest was dropped. Press Esc to start over.");
            }
        }
    }

    private void Commit()
    {
        var text = buffer.ToString().Trim();
        var kind = prompt;
        var socket = promptSocket;
        Close();
        if (text.Length == 0)
        {
            Say(StationMessageLevel.Info, $"Empty {PromptName(kind).ToLowerInvariant()}: nothing changed.");
            return;
        }

        switch (kind)
        {
            case PromptKind.Lot:
                requests.SetShift(new ShiftEntry(text, null));
                state.SetShift(text, null);
                Say(StationMessageLevel.Info, $"Lot set to {text} for the units that follow.");
                break;
            case PromptKind.Operator:
                requests.SetShift(new ShiftEntry(null, text));
                state.SetShift(null, text);
                Say(StationMessageLevel.Info, $"Operator set to {text} for the units that follow.");
                break;
            case PromptKind.Unlock:
                requests.Unlock(new UnlockEntry(socket!.Value, text));
                Say(StationMessageLevel.Info, $"Unlocking socket {socket} for technician {text}: the station confirms below.");
                break;
            default:
                BindUnitId(text, socket);
                break;
        }
    }

    private void BindUnitId(string unitId, int? socket)
    {
        if (options.UnitIdEntry == EntryRule.Off)
        {
            Say(StationMessageLevel.Warning, $"Scanned {unitId} was ignored: unit-id entry is off on this station.");
            return;
        }

        if (socket is not { } target)
        {
            // In gang mode a code never goes to "the console": the operator must say which socket holds the unit.
            Say(StationMessageLevel.Warning, $"Scanned {unitId} was not bound to any socket: press the socket's number ({SocketList}) first, then scan again.");
            return;
        }

        state.BindUnitId(target, unitId);
        requests.BindUnitId(new UnitIdEntry(target, unitId));
        Say(StationMessageLevel.Info, $"Unit id {unitId} bound to socket {target}.");
    }
}
