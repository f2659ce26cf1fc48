using System.CommandLine;
using System.Globalization;
using Fixture.Controller.Upkeep;

namespace Fixture.Controller.Cli;

/// <summary>
/// <c>fixture socket unlock --socket S --by ID</c> and <c>fixture socket counters [--reset insertions|relay
/// --socket S [--line L] --by ID]</c>: the socket locks and wear counters in the station's state file
/// (<c>&lt;reports&gt;/&lt;station&gt;/station-state.json</c>), every change audited. Exit 0 done, 2 bad
/// input (options, configuration, a bad state file: nothing changed), 3 the files could not be written.
/// </summary>
internal static class SocketCommands
{
    public static Command Create()
    {
        var socket = new Command("socket", "Socket locks and wear counters (the station's state file beside its reports).");
        socket.Subcommands.Add(CreateUnlock());
        socket.Subcommands.Add(CreateCounters());
        return socket;
    }

    private static Command CreateUnlock()
    {
        const string name = "fixture socket unlock";
        var where = new StationRecordOptions();
        var number = new Option<int>("--socket") { Description = "The socket to unlock (from 1).", HelpName = "S", Required = true };
        var by = new Option<string?>("--by") { Description = "The technician's id (recorded in the audit log).", HelpName = "ID", Required = true };
        var command = new Command("unlock", "Unlock a socket the station locked after consecutive failures; needs the technician's id, audited.") { number, by };
        where.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!where.TryRead(parse, error, name, out var target) || !TrySocket(parse.GetValue(number), target, error, name, out var s))
            {
                return 2;
            }

            return await Run(error, name, async () =>
            {
                var upkeep = StationUpkeep.For(target.ReportDirectory, target.Station, TimeProvider.System);
                var (unlocked, was) = await upkeep.UnlockAsync(s, parse.GetValue(by)!, ct);
                output.WriteLine(unlocked
                    ? $"{target.Station} socket {s} unlocked by {parse.GetValue(by)} (it was locked by {was!.By} at {was.AtUtc:yyyy-MM-dd HH:mm} UTC: {was.Reason}). Recorded in {upkeep.Audit.FilePath}."
                    : $"{target.Station} socket {s} is not locked; nothing changed.");
                return 0;
            });
        });
        return command;
    }

    private static Command CreateCounters()
    {
        const string name = "fixture socket counters";
        var where = new StationRecordOptions();
        var reset = new Option<string?>("--reset") { Description = "Reset one counter after replacing the part: insertions (the socket's pogo block) or relay (with --line).", HelpName = "insertions|relay" };
        var number = new Option<int?>("--socket") { Description = "The socket whose counter to reset.", HelpName = "S" };
        var line = new Option<string?>("--line") { Description = "With --reset relay: the relay's line (POWER, BOOT, RESET).", HelpName = "L" };
        var by = new Option<string?>("--by") { Description = "With --reset: who replaced the part (recorded in the audit log).", HelpName = "ID" };
        var command = new Command("counters", "Print each socket's lock, failure run, insertion and relay counters against their limits; --reset one (needs --by, audited).") { reset, number, line, by };
        where.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!where.TryRead(parse, error, name, out var target))
            {
                return 2;
            }

            var upkeep = StationUpkeep.For(target.ReportDirectory, target.Station, TimeProvider.System, wear: target.Limits);
            var what = parse.GetValue(reset);
            if (what is null)
            {
                if (parse.GetValue(number) is not null || parse.GetValue(line) is not null || parse.GetValue(by) is not null)
                {
                    error.WriteLine($"{name}: --socket, --line and --by go with --reset.");
                    return 2;
                }

                return await Run(error, name, () =>
                {
                    Print(output, target, upkeep.Store.Read(), upkeep.Limits);
                    return Task.FromResult(0);
                });
            }

            if (what is not ("insertions" or "relay"))
            {
                error.WriteLine($"{name}: --reset {what}: say insertions or relay.");
                return 2;
            }

            if (parse.GetValue(number) is not { } requested || !TrySocket(requested, target, error, name, out var s))
            {
                if (parse.GetValue(number) is null)
                {
                    error.WriteLine($"{name}: --reset needs --socket S.");
                }

                return 2;
            }

            if (string.IsNullOrWhiteSpace(parse.GetValue(by)))
            {
                error.WriteLine($"{name}: --reset needs --by ID: who replaced the part (recorded in the audit log).");
                return 2;
            }

            if ((what == "relay") != (parse.GetValue(line) is not null))
            {
                error.WriteLine($"{name}: --line goes with --reset relay, and --reset relay needs it (POWER, BOOT or RESET).");
                return 2;
            }

            return await Run(error, name, async () =>
            {
                var who = parse.GetValue(by)!;
                var was = what == "insertions"
                    ? await upkeep.ResetInsertionsAsync(s, who, ct)
                    : await upkeep.ResetRelayAsync(s, parse.GetValue(line)!, who, ct);
                var counter = what == "insertions" ? "insertion counter" : $"{parse.GetValue(line)} relay counter";
                output.WriteLine($"{target.Station} socket {s} {counter} reset to 0 by {who} (was {was.ToString("N0", CultureInfo.InvariantCulture)}). Recorded in {upkeep.Audit.FilePath}.");
                return 0;
            });
        });
        return command;
    }

    private static void Print(TextWriter output, StationRecordTarget target, StationState state, WearLimits limits)
    {
        output.WriteLine($"Station {target.Station} ({StationRecordLayout.StateFile(target.ReportDirectory, target.Station)}):");
        var statuses = WearCounters.Evaluate(state, limits, target.Sockets ?? 0);
        foreach (var socket in statuses.Select(s => s.Socket).Distinct())
        {
            var record = state.Socket(socket);
            var lockText = record.Lock is { } held ? $"LOCKED since {held.AtUtc:yyyy-MM-dd HH:mm} UTC by {held.By}: {held.Reason}" : "not locked";
            output.WriteLine($"socket {socket}: {lockText}; failures in a row {record.FailureStreak}, FIXTURE_FAULTs in a row {record.FixtureFaultStreak}");
            foreach (var status in statuses.Where(s => s.Socket == socket))
            {
                var level = status.Level switch { WearLevel.Stop => "STOP", WearLevel.Warning => "WARNING", _ => "ok" };
                output.WriteLine($"  {level,-7} {status.Text}");
            }
        }

        if (statuses.Count == 0)
        {
            output.WriteLine("no counters yet (no unit has run with counting on).");
        }
    }

    private static bool TrySocket(int socket, StationRecordTarget target, TextWriter error, string name, out int number)
    {
        number = socket;
        if (socket < 1 || (target.Sockets is { } count && socket > count))
        {
            error.WriteLine($"{name}: --socket {socket}: station {target.Station} has sockets 1 to {(target.Sockets is { } c ? c.ToString(CultureInfo.InvariantCulture) : "…")}.");
            return false;
        }

        return true;
    }

    /// <summary>Runs the change; a bad id or state file is bad input (2), a file that cannot be written a station fault (3).</summary>
    private static async Task<int> Run(TextWriter error, string name, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"{name}: {ex.Message.Split(" (Parameter", 2)[0]} Nothing changed.");
            return 2;
        }
        catch (StationRecordException ex) when (ex.BadContent)
        {
            error.WriteLine($"{name}: {ex.Message}");
            return 2;
        }
        catch (StationRecordException ex)
        {
            error.WriteLine($"{name}: {ex.Message}");
            return 3;
        }
    }
}
