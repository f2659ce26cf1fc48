using Fixture.Protocol.BootLog;
using Fixture.Protocol.Identity;
using Fixture.Protocol.Images;
using Fixture.Protocol.Loader;
using Fixture.Protocol.Recipes;
using Fixture.Protocol.Wire;

namespace Fixture.Controller.Workflow;

/// <summary>What the loader showed of a unit's identity, and the MAC(s) its firmware will use by the SDK rules.</summary>
/// <param name="Efuse">eFuse region 0 (0x41).</param>
/// <param name="Prediction">The SDK rules applied to it and the recipe's factory parameters.</param>
/// <param name="RfPara">The rf_para record, when the recipe's partition table has that entry.</param>
/// <param name="Notes">What is worth a line in the report's detail (a 0x42 that disagrees or never answered, an rf_para read that failed).</param>
internal sealed record UnitIdentityReading(EfuseRegion0 Efuse, MacPredictionResult Prediction, RfParaRecord? RfPara, IReadOnlyList<string> Notes)
{
    /// <summary>The candidates as the boot check expects them, each with where it came from.</summary>
    public IReadOnlyList<ExpectedMac> ExpectedMacs =>
        [.. Prediction.Candidates.Select(c => new ExpectedMac(c.Mac, $"{c.Source.ToText()}: {c.How}"))];
}

/// <summary>
/// Reads a unit's identity through a running eflash_loader, as the SDK will see it when the new
/// firmware starts: eFuse region 0 with 0x41 (start 0, 0x80 bytes); the chip id cross-checked with
/// 0x42 (a loader that does not answer it is not held against the unit); and, when the recipe's
/// partition table has an "rf_para" entry, that entry's 24-byte record with 0x32 (the SDK's
/// mfg_media layer may serve the factory MAC from there). Nothing is written.
/// </summary>
/// <remarks>
/// 0x41's reply carries no check of its own (0x42's does: a CRC32), so a byte corrupted on the line would
/// become a wrong chip id or MAC in the report. When there is a sign of that — 0x42 disagrees with slot 0,
/// 0x42 gave no usable answer, or a written MAC slot fails its parity — region 0 is read again until two
/// reads agree byte for byte (at most <see cref="EfuseReads"/> reads; else the identify step retries).
/// A healthy unit costs no extra read.
/// </remarks>
internal sealed class UnitIdentityReader
{
    /// <summary>Reads of eFuse region 0 at most, when the first one is in doubt, before the identify step gives up on this try.</summary>
    public const int EfuseReads = 3;

    private readonly FactoryParametersSource _recipe;
    private readonly TimeSpan _crossCheckTimeout;

    /// <param name="crossCheckTimeout">How long 0x42 may take before the cross-check is given up (<see cref="Protocol.Flashing.FlashProfile.MacCrossCheckTimeout"/>).</param>
    public UnitIdentityReader(Recipe recipe, TimeSpan crossCheckTimeout)
    {
        _recipe = new FactoryParametersSource(recipe.FactoryParameters, recipe.PartitionLayout.Table.Find(RfParaRecord.PartitionName));
        _crossCheckTimeout = crossCheckTimeout;
    }

    /// <exception cref="IspException">0x41 or the rf_para read failed (the identify step retries or fails).</exception>
    public async Task<UnitIdentityReading> ReadAsync(LoaderClient loader, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var efuse = await loader.ReadEfuseRegion0Async(cancellationToken);
        MacAddress? crossCheck = null;
        try
        {
            crossCheck = await loader.ReadMacAsync(_crossCheckTimeout, cancellationToken);
        }
        catch (IspException e) when (e is IspTimeoutException or DeviceErrorException or IspProtocolException)
        {
            // The chip id comes from 0x41; 0x42 is only a cross-check.
            notes.Add($"efuse_read_mac (0x42) gave no usable answer ({e.GetType().Name}): chip id taken from eFuse slot 0 alone");
            if (e is IspTimeoutException)
            {
                // A late answer must not be read as the next command's reply.
                loader.Channel.DiscardInput();
            }
        }

        if (crossCheck != efuse.ChipId || HasSlotFailingParity(efuse))
        {
            efuse = await ConfirmAsync(loader, efuse, notes, cancellationToken);
        }

        if (crossCheck is { } mac && mac != efuse.ChipId)
        {
            notes.Add($"efuse_read_mac (0x42) says {mac}, eFuse slot 0 read with 0x41 says {efuse.ChipId}");
        }

        RfParaRecord? rfPara = null;
        if (_recipe.RfParaEntry is { } entry)
        {
            rfPara = RfParaRecord.Parse(await loader.ReadAsync(entry.Address0, RfParaRecord.Length, cancellationToken));
        }

        var prediction = MacPredictor.Predict(efuse, _recipe.Parameters, _recipe.RfParaEntry is not null, rfPara);
        return new UnitIdentityReading(efuse, prediction, rfPara, notes);
    }

    private static bool HasSlotFailingParity(EfuseRegion0 efuse) =>
        Enumerable.Range(0, 3).Select(efuse.Slot).Any(slot => !slot.IsEmpty && !slot.ParityOk);

    /// <summary>Reads region 0 again until two reads agree byte for byte; the agreed one is the unit's.</summary>
    /// <exception cref="IspProtocolException">No two of <see cref="EfuseReads"/> reads agreed: the line corrupts replies.</exception>
    private static async Task<EfuseRegion0> ConfirmAsync(LoaderClient loader, EfuseRegion0 first, List<string> notes, CancellationToken cancellationToken)
    {
        var reads = new List<EfuseRegion0> { first };
        while (reads.Count < EfuseReads)
        {
            var again = await loader.ReadEfuseRegion0Async(cancellationToken);
            if (reads.FirstOrDefault(r => r.Bytes.Span.SequenceEqual(again.Bytes.Span)) is { } agreed)
            {
                if (!ReferenceEquals(agreed, first))
                {
                    notes.Add($"eFuse region 0 read differently on {reads.Count} of {reads.Count + 1} tries (line noise); the two reads that agree were used");
                }

                return agreed;
            }

            reads.Add(again);
        }

        throw new IspProtocolException(
            $"{loader.Channel.Name}: eFuse region 0 (0x41) read differently on each of {EfuseReads} tries: the line corrupts replies; the chip id and MAC cannot be trusted. Re-seat the unit and check the UART wiring.",
            reads[^1].Bytes.Span);
    }

    private sealed record FactoryParametersSource(Protocol.Images.DeviceTree.FactoryParameters Parameters, PartitionEntry? RfParaEntry);
}
