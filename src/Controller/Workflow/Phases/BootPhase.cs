using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Protocol.BootLog;
using Fixture.Protocol.Wire;

namespace Fixture.Controller.Workflow.Phases;

/// <summary>
/// Boot verification: the flashed firmware is started with the port switched (not reopened) to the
/// console baud of the flashed factory parameters; the raw log goes to the unit's file while the
/// analyzer decides; the unit is powered down only once boot complete is logged (or at the deadline),
/// because a cut between about 1 s and boot complete counts as a failed boot in the unit.
/// </summary>
internal static class BootPhase
{
    private const int CaptureChunk = 4096;
    private static readonly TimeSpan ReadSlice = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Marks the raw log's boot part and starts the firmware: BOOT released and CHIP_EN pulsed where the fixture drives them,
    /// else loader command 0x33 (flash_boot) at the loader's rate, which boots from flash whatever the strap says
    /// (issue 14 §1). Unanswered, a manual socket asks the operator to re-plug the unit without BOOT; a socket wired
    /// "none" fails the unit saying so.
    /// </summary>
    public static async Task StartFirmwareAsync(UnitContext unit, CancellationToken cancellationToken)
    {
        if (unit.Socket.BootsWithLoader)
        {
            await StartFirmwareWithLoaderAsync(unit, cancellationToken);
            return;
        }

        var socket = unit.Socket;
        var baud = unit.Recipe.ConsoleBaudRate;
        if (socket.Link.BaudRate != baud)
        {
            socket.Link.SetBaudRate(baud);
        }

        unit.RawLog?.MarkFirmwareStarted();
        unit.Channel!.DiscardInput();
        await socket.Sequences.BootFirmwareAsync(cancellationToken);
        unit.FirmwareResetAt = unit.Time.GetTimestamp();
    }

    /// <summary>flash_boot (0x33) through the running loader, then the console rate; see <see cref="StartFirmwareAsync"/>.</summary>
    private static async Task StartFirmwareWithLoaderAsync(UnitContext unit, CancellationToken cancellationToken)
    {
        var socket = unit.Socket;
        var console = unit.Recipe.ConsoleBaudRate;
        unit.RawLog?.MarkFirmwareStarted();
        var loader = unit.Loader ?? throw new InvalidOperationException($"{socket.Label}: no loader to send flash_boot (0x33) to");
        try
        {
            unit.Channel!.DiscardInput();
            await loader.BootFromFlashAsync(cancellationToken);
        }
        catch (IspException e) when (e is IspTimeoutException or IspProtocolException or DeviceErrorException)
        {
            WriteRawLogMarker(unit, "fixture: flash_boot (0x33) not answered");
            if (socket.Wiring == Hal.Lines.SocketWiring.Manual)
            {
                unit.Attempt.Note($"the loader did not answer flash_boot (0x33) ({e.Message}): the operator was asked to re-plug the unit without BOOT");
                if (socket.Link.BaudRate != console)
                {
                    socket.Link.SetBaudRate(console);
                }

                unit.Channel!.DiscardInput();
                await socket.Sequences.BootFirmwareAsync(cancellationToken);
                unit.FirmwareResetAt = unit.Time.GetTimestamp();
                return;
            }

            unit.CloseRawLog();
            throw new UnitFailureException(
                FailureCode.BootSilent,
                $"{socket.Label}: the loader did not answer flash_boot (0x33), so the new firmware (written and verified) was not started and the boot check could not run ({e.Message}). "
                + "Power-cycle the unit with BOOT released (GPIO8 low) to boot it, then test it again.",
                e);
        }

        // The chip runs boot2 from the moment the OK left it; the firmware's first line is tens of milliseconds away.
        unit.FirmwareResetAt = unit.Time.GetTimestamp();
        if (socket.Link.BaudRate != console)
        {
            socket.Link.SetBaudRate(console);
        }
    }

    /// <summary>Reads and checks the boot log until boot complete or the deadline; the raw log is flushed to disk whatever happens (closed with the row).</summary>
    /// <exception cref="UnitFailureException">The boot log's verdict is a failure (its code from the boot failure kind).</exception>
    /// <exception cref="StationFaultException">Silence, yet the port answers a flash handshake: it reaches another socket's unit.</exception>
    public static async Task VerifyAsync(UnitContext unit, CancellationToken cancellationToken)
    {
        var settings = unit.Settings;
        var recipe = unit.Recipe;
        var attempt = unit.Attempt;
        var expectations = new BootLogExpectations
        {
            Macs = attempt.Identity?.ExpectedMacs ?? [],
            Version = recipe.FirmwareVersion,
            CleanSlate = recipe.CleanSlate.Enabled,
            Boot2LogDisabled = attempt.Boot2LogDisabled,
            SilenceTimeout = recipe.BootCheck.SilenceTimeout,
            ApStartTimeout = recipe.BootCheck.ApStartTimeout,
            BootCompleteTimeout = recipe.BootCheck.BootCompleteTimeout,
        };
        var analyzer = new BootLogAnalyzer(expectations);
        attempt.TimeToBootCompleteLimit = recipe.BootCheck.BootCompleteTimeout;
        try
        {
            await CaptureAsync(unit, analyzer, settings.BootCheckTimeout, cancellationToken);
            var verdict = analyzer.Verdict.IsPending ? analyzer.Complete() : analyzer.Verdict;
            // Both checks reset the unit through its lines: a socket without relays has none to follow or reset with.
            if (IsSilence(verdict, analyzer) && !unit.Socket.BootsWithLoader)
            {
                verdict = await ListenForStockFirmwareAsync(unit, expectations, verdict, cancellationToken) ?? verdict;
                if (IsSilence(verdict, analyzer))
                {
                    await CheckPortFollowsThisSocketAsync(unit, cancellationToken);
                }
            }

            Record(unit, analyzer, verdict);
            UnitMacOutcome.FromBoot(attempt, analyzer);
            if (!verdict.IsPass)
            {
                throw new UnitFailureException(FailureCodes.FromBootFailure(verdict.Failure!.Value), $"{verdict.Reason} [{analyzer.Findings.ToDetail()}]");
            }
        }
        finally
        {
            unit.RawLog?.Flush();
        }
    }

    /// <summary>
    /// Nothing readable came: BOOT_SILENT, or BOOT2_FAIL from plain silence on a unit whose eFuse fuses boot2's
    /// log off (most real plugs). Either way the stock firmware's other baud and the port's wiring are checked.
    /// </summary>
    private static bool IsSilence(BootLogVerdict verdict, BootLogAnalyzer analyzer) =>
        verdict.Failure == BootFailureKind.Silent
        || (verdict.Failure == BootFailureKind.Boot2Failed && analyzer.Findings.BytesReceived == 0 && analyzer.Findings.Boot2FailLines == 0);

    /// <summary>
    /// Reads until the analyzer has decided and it is safe to cut power: boot complete for OpenBL602,
    /// at once for failures that run no OpenBL602 boot counter (silence, boot2, stock, a crash loop),
    /// else the deadline.
    /// </summary>
    private static async Task CaptureAsync(UnitContext unit, BootLogAnalyzer analyzer, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var buffer = new byte[CaptureChunk];
        var time = unit.Time;
        var channel = unit.Channel!;
        while (true)
        {
            var since = time.GetElapsedTime(unit.FirmwareResetAt);
            var verdict = analyzer.Verdict;
            if (!verdict.IsPending && (analyzer.IsBootComplete || verdict.Failure is BootFailureKind.Silent or BootFailureKind.Boot2Failed or BootFailureKind.StockFirmware or BootFailureKind.BootLoop))
            {
                return;
            }

            if (since >= deadline)
            {
                return;
            }

            var slice = deadline - since < ReadSlice ? deadline - since : ReadSlice;
            var n = await channel.ReadAvailableAsync(buffer, slice, cancellationToken);
            since = time.GetElapsedTime(unit.FirmwareResetAt);
            if (n > 0)
            {
                unit.RawLog?.Write(buffer, 0, n);
                analyzer.Feed(buffer.AsSpan(0, n), since);
            }
            else
            {
                analyzer.Advance(since);
            }

            if (analyzer.Findings.HighestTimeTick > 0)
            {
                unit.Observer.Show($"waiting for boot complete (Time {analyzer.Findings.HighestTimeTick})");
            }
        }
    }

    /// <summary>
    /// Silent or garbled at the console baud: stock TG7100C builds may log at 921 600. Reset the unit and
    /// listen there too, so "still stock" is told from "silent". Null when nothing stock-like shows.
    /// </summary>
    private static async Task<BootLogVerdict?> ListenForStockFirmwareAsync(UnitContext unit, BootLogExpectations expectations, BootLogVerdict silent, CancellationToken cancellationToken)
    {
        const int alternate = WorkflowSettings.StockAlternateBaud;
        var recipe = unit.Recipe;
        if (recipe.ConsoleBaudRate == alternate)
        {
            return null;
        }

        unit.Observer.Show($"silent at {recipe.ConsoleBaudRate} baud: listening at {alternate}");
        unit.Socket.Link.SetBaudRate(alternate);
        WriteRawLogMarker(unit, $"fixture: nothing readable at {recipe.ConsoleBaudRate} baud; unit reset, listening at {alternate} baud");
        unit.Channel!.DiscardInput();
        await unit.Socket.Sequences.BootFirmwareAsync(cancellationToken);
        unit.FirmwareResetAt = unit.Time.GetTimestamp();
        var second = new BootLogAnalyzer(expectations with { Macs = [], Version = null });
        await CaptureAsync(unit, second, recipe.BootCheck.SilenceTimeout + TimeSpan.FromSeconds(1), cancellationToken);
        var verdict = second.Verdict.IsPending ? second.Complete() : second.Verdict;
        if (verdict.Failure == BootFailureKind.StockFirmware)
        {
            unit.Attempt.Note($"stock firmware logs at {alternate} baud");
            return verdict;
        }

        unit.Attempt.Note($"also silent at {alternate} baud");
        return silent;
    }

    /// <summary>
    /// Silent after this socket reset its unit into the firmware: if the port still answers a flash
    /// handshake, the unit on the port did not follow this socket's lines — the port is another socket's
    /// (crossed cables; what was flashed was not this socket's unit). That is the station's fault
    /// (fixture-design §5), not a silent unit; without it the probe before power-on would have caught it.
    /// </summary>
    private static async Task CheckPortFollowsThisSocketAsync(UnitContext unit, CancellationToken cancellationToken)
    {
        var socket = unit.Socket;
        var settings = unit.Settings;
        var channel = unit.Channel!;
        foreach (var baud in new[] { unit.Attempt.LoaderBaud ?? settings.LoaderBaud(socket.Serial), settings.BootromBaud(socket.Serial) }.Distinct())
        {
            socket.Link.SetBaudRate(baud);
            channel.DiscardInput();
            try
            {
                await AutoBaudHandshake.RunAsync(channel, baud, settings.Profile.PortProbe, "wiring check", cancellationToken);
            }
            catch (HandshakeFailedException)
            {
                continue; // nothing in download mode there either: the unit is silent
            }

            throw new StationFaultException(
                $"{socket.Label}: nothing came from the unit after this socket reset it, yet port {socket.Link.PortName} answered a flash handshake at {baud.ToString(CultureInfo.InvariantCulture)} baud: "
                + $"the port reaches a unit this socket's relays do not control (crossed cables), so the unit flashed (MAC {unit.Attempt.Mac ?? "?"}) was not this socket's. "
                + "Check which adapter is wired to which socket; the unit is not to blame.");
        }
    }

    private static void Record(UnitContext unit, BootLogAnalyzer analyzer, BootLogVerdict verdict)
    {
        var attempt = unit.Attempt;
        var findings = analyzer.Findings;
        attempt.SsidSeen = verdict.SeenSsid ?? findings.SsidSeen;
        attempt.FirmwareVersionSeen = verdict.SeenVersion ?? findings.VersionSeen;
        attempt.TimeToBootComplete = findings.BootCompletedAt;
        if (!unit.Settings.Recipe.CleanSlate.Enabled && findings.Config == ConfigOrigin.StoredConfigLoaded)
        {
            attempt.Note($"loaded config, not a first boot ({findings.ConfigText}): clean slate is off in this recipe");
        }

        if (verdict.IsPass && verdict.DecidingEvidence is { } evidence && findings.BootCompleteEvidence == BootCompleteEvidence.TimeCounter)
        {
            attempt.Note("boot complete taken from the Time counter: " + evidence);
        }
    }

    private static void WriteRawLogMarker(UnitContext unit, string text) =>
        unit.RawLog?.Write(System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"\r\n--- {text} ---\r\n")));
}
