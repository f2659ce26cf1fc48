namespace Fixture.Protocol.Flashing;

/// <summary>What the flasher is doing to a region.</summary>
public enum FlashPhase
{
    HashCheck,
    Erase,
    Write,
    WriteCheck,
    Verify,

    /// <summary>Getting a loader that stopped answering back into command mode.</summary>
    Resync,
}

/// <summary>A progress report: region, phase, and bytes of that phase done (wire bytes while writing).</summary>
public readonly record struct FlashProgress(string Region, int RegionIndex, int RegionCount, FlashPhase Phase, long BytesDone, long BytesTotal);
