using System.Globalization;
using Fixture.Controller.Reports;
using Fixture.Controller.Reports.Csv;
using Fixture.Protocol.BootLog;

namespace Fixture.Controller.Workflow;

/// <summary>
/// Boot verification: the flashed firmware is started with the port switched (not reopened) to the
/// console baud of the flashed factory parameters; the raw log goes to the unit's file while the
/// analyzer decides; the unit is powered down only once boot complete is logged (or at the deadline),
/// because a cut between about 1 s and boot complete counts as a failed boot in the unit.
/// </summary>
internal sealed partial class UnitWorkflow
{
    private const int CaptureChunk = 4096;
    private static readonly TimeSpan ReadSlice = TimeSpan.FromMilliseconds(100);
    private long _resetAt;
    private FileStream? _rawLog;

    private async Task<UnitTrigger> BootAsync(CancellationToken cancellationToken)
    {
        var baud = _settings.Recipe.ConsoleBaudRate;
        if (_socket.Link.BaudRate != baud)
        {
            _socket.Link.SetBaudRate(baud);
        }

        OpenRawLog();
        _channel.DiscardInput();
        await _socket.Sequences.BootFirmwareAsync(cancellationToken);
        _resetAt = _socket.Time.GetTimestamp();
        return UnitTrigger.FirmwareStarted;
    }

    private async Task<UnitTrigger> VerifyBootAsync(CancellationToken cancellationToken)
    {
        var recipe = _settings.Recipe;
        var expectations = new BootLogExpectations
        {
            Macs = _attempt.Identity?.ExpectedMacs ?? [],
            Version = recipe.FirmwareVersion,
            CleanSlate = recipe.CleanSlate.Enabled,
            Boot2LogDisabled = _attempt.Boot2LogDisabled,
            SilenceTimeout = recipe.BootCheck.SilenceTimeout,
            ApStartTimeout = recipe.BootCheck.ApStartTimeout,
            BootCompleteTimeout = recipe.BootCheck.BootCompleteTimeout,
        };
        var analyzer = new BootLogAnalyzer(expectations);
        _attempt.TimeToBootCompleteLimit = recipe.BootCheck.BootCompleteTimeout;
        try
        {
            await CaptureAsync(analyzer, _settings.BootCheckTimeout, cancellationToken);
            var verdict = analyzer.Verdict.IsPending ? analyzer.Complete() : analyzer.Verdict;
            if (IsSilence(verdict, analyzer))
            {
                verdict = await ListenForStockFirmwareAsync(expectations, verdict, cancellationToken) ?? verdict;
                if (IsSilence(verdict, analyzer))
                {
                    await CheckPortFollowsThisSocketAsync(cancellationToken);
                }
            }

            Record(analyzer, verdict);
            UnitMacOutcome.FromBoot(_attempt, analyzer);
            if (verdict.IsPass)
            {
                return UnitTrigger.BootVerified;
            }

            throw new UnitFailureException(FailureCodes.FromBootFailure(verdict.Failure!.Value), $"{verdict.Reason} [{analyzer.Findings.ToDetail()}]");
        }
        finally
        {
            CloseRawLog();
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
    private async Task CaptureAsync(BootLogAnalyzer analyzer, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var buffer = new byte[CaptureChunk];
        var time = _socket.Time;
        while (true)
        {
            var since = time.GetElapsedTime(_resetAt);
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
            var n = await _channel.ReadAvailableAsync(buffer, slice, cancellationToken);
            since = time.GetElapsedTime(_resetAt);
            if (n > 0)
            {
                _rawLog?.Write(buffer, 0, n);
                analyzer.Feed(buffer.AsSpan(0, n), since);
            }
            else
            {
                analyzer.Advance(since);
            }

            if (analyzer.Findings.HighestTimeTick > 0)
            {
                Show($"waiting for boot complete (Time {analyzer.Findings.HighestTimeTick})");
            }
        }
    }

    /// <summary>
    /// Silent or garbled at the console baud: stock TG7100C builds may log at 921 600. Reset the unit and
    /// listen there too, so "still stock" is told from "silent". Null when nothing stock-like shows.
    /// </summary>
    private async Task<BootLogVerdict?> ListenForStockFirmwareAsync(BootLogExpectations expectations, BootLogVerdict silent, CancellationToken cancellationToken)
    {
        const int alternate = WorkflowSettings.StockAlternateBaud;
        if (_settings.Recipe.ConsoleBaudRate == alternate)
        {
            return null;
        }

        Show($"silent at {_settings.Recipe.ConsoleBaudRate} baud: listening at {alternate}");
        _socket.Link.SetBaudRate(alternate);
        WriteRawLogMarker($"fixture: nothing readable at {_settings.Recipe.ConsoleBaudRate} baud; unit reset, listening at {alternate} baud");
        _channel.DiscardInput();
        await _socket.Sequences.BootFirmwareAsync(cancellationToken);
        _resetAt = _socket.Time.GetTimestamp();
        var second = new BootLogAnalyzer(expectations with { Macs = [], Version = null });
        await CaptureAsync(second, _settings.Recipe.BootCheck.SilenceTimeout + TimeSpan.FromSeconds(1), cancellationToken);
        var verdict = second.Verdict.IsPending ? second.Complete() : second.Verdict;
        if (verdict.Failure == BootFailureKind.StockFirmware)
        {
            _attempt.Note($"stock firmware logs at {alternate} baud");
            return verdict;
        }

        _attempt.Note($"also silent at {alternate} baud");
        return silent;
    }

    /// <summary>
    /// Silent after this socket reset its unit into the firmware: if the port still answers a flash
    /// handshake, the unit on the port did not follow this socket's lines — the port is another socket's
    /// (crossed cables; what was flashed was not this socket's unit). That is the station's fault
    /// (fixture-design §5), not a silent unit; without it the probe before power-on would have caught it.
    /// </summary>
    private async Task CheckPortFollowsThisSocketAsync(CancellationToken cancellationToken)
    {
        var probe = new Protocol.Wire.HandshakeOptions { Attempts = 1, ReplyTimeout = TimeSpan.FromMilliseconds(60), SettleAfterOk = TimeSpan.Zero };
        foreach (var baud in new[] { _settings.LoaderBaud(SerialConfig), _settings.BootromBaud(SerialConfig) }.Distinct())
        {
            _socket.Link.SetBaudRate(baud);
            _channel.DiscardInput();
            try
            {
                await Protocol.Wire.AutoBaudHandshake.RunAsync(_channel, baud, probe, "wiring check", cancellationToken);
            }
            catch (Protocol.Wire.HandshakeFailedException)
            {
                continue; // nothing in download mode there either: the unit is silent
            }

            throw new StationFaultException(
                $"{_socket.Label}: nothing came from the unit after this socket reset it, yet port {_socket.Link.PortName} answered a flash handshake at {baud.ToString(CultureInfo.InvariantCulture)} baud: "
                + $"the port reaches a unit this socket's relays do not control (crossed cables), so the unit flashed (MAC {_attempt.Mac ?? "?"}) was not this socket's. "
                + "Check which adapter is wired to which socket; the unit is not to blame.");
        }
    }

    private void Record(BootLogAnalyzer analyzer, BootLogVerdict verdict)
    {
        var findings = analyzer.Findings;
        _attempt.SsidSeen = verdict.SeenSsid ?? findings.SsidSeen;
        _attempt.FirmwareVersionSeen = verdict.SeenVersion ?? findings.VersionSeen;
        _attempt.TimeToBootComplete = findings.BootCompletedAt;
        if (!_settings.Recipe.CleanSlate.Enabled && findings.Config == ConfigOrigin.StoredConfigLoaded)
        {
            _attempt.Note($"loaded config, not a first boot ({findings.ConfigText}): clean slate is off in this recipe");
        }

        if (verdict.IsPass && verdict.DecidingEvidence is { } evidence && findings.BootCompleteEvidence == BootCompleteEvidence.TimeCounter)
        {
            _attempt.Note("boot complete taken from the Time counter: " + evidence);
        }
    }

    private void OpenRawLog()
    {
        var day = DateOnly.FromDateTime(_socket.Time.GetUtcNow().UtcDateTime);
        var path = ReportLayout.RawLogFile(_recorder.ReportDirectory, _settings.Station, day, _attempt.Number, _socket.Number, _attempt.Mac);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Synchronous writes on the loop (no async file I/O on the unit cycle); flushed to disk when the capture ends.
        _rawLog = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _attempt.RawLogFile = ReportLayout.RawLogRelativePath(_settings.Station, day, _attempt.Number, _socket.Number, _attempt.Mac);
    }

    private void WriteRawLogMarker(string text) =>
        _rawLog?.Write(System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"\r\n--- {text} ---\r\n")));

    private void CloseRawLog()
    {
        if (_rawLog is { } log)
        {
            _rawLog = null;
            log.Flush(flushToDisk: true);
            log.Dispose();
        }
    }
}
