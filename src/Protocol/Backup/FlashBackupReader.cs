using System.Security.Cryptography;
using Fixture.Protocol.Loader;

namespace Fixture.Protocol.Backup;

/// <summary>The whole flash as read with flash_read (0x32), confirmed by the loader's own SHA-256 of the same range (0x3D).</summary>
/// <param name="Image">Every byte of the flash, address 0 first.</param>
/// <param name="Sha256">SHA-256 of <paramref name="Image"/>, equal to what the loader hashed on the unit.</param>
/// <param name="ChunkSize">Bytes per 0x32 frame used.</param>
public sealed record FlashBackupImage(byte[] Image, byte[] Sha256, int ChunkSize)
{
    public string Sha256Hex => Convert.ToHexStringLower(Sha256);
}

/// <summary>A backup whose bytes the loader's SHA-256 did not confirm: nothing may be erased (failure code BACKUP).</summary>
public sealed class BackupNotConfirmedException(string message) : Exception(message);

/// <summary>
/// Reads a unit's whole flash before anything is erased (issue 14 §3): 0x32 in the largest frames the
/// helper takes (<see cref="KnownHelpers.MaxWriteChunk"/>: its receive buffer bounds the reply too), then one
/// 0x3D over the same range. The image is only returned when the two agree.
/// </summary>
public static class FlashBackupReader
{
    /// <summary>The read frame for a helper: its write limit, capped at what one 0x32 reply carries.</summary>
    public static int ChunkSizeFor(string helperSha256) => Math.Min(KnownHelpers.MaxWriteChunk(helperSha256), LoaderOptions.MaxWriteChunk);

    /// <exception cref="BackupNotConfirmedException">The loader's SHA-256 of the range differs from the bytes read.</exception>
    public static async Task<FlashBackupImage> ReadAsync(LoaderClient loader, JedecId jedec, int chunkSize, string unitName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(jedec);
        var size = jedec.CapacityBytes;
        if (size is <= 0 or > int.MaxValue)
        {
            throw new BackupNotConfirmedException($"{unitName}: the flash reports JEDEC id {jedec.Id}, whose capacity byte gives no usable size: no backup was taken and nothing was erased. Check the unit's flash (or the loader's JEDEC reply) before converting it.");
        }

        var image = await loader.ReadAsync(0, (int)size, chunkSize, cancellationToken);
        var host = SHA256.HashData(image);
        var device = await loader.ReadShaAsync(0, (uint)size, cancellationToken);
        if (!host.AsSpan().SequenceEqual(device))
        {
            throw new BackupNotConfirmedException(
                $"{unitName}: the backup read ({size} bytes in {chunkSize}-byte frames) hashes to {Convert.ToHexStringLower(host)} but the loader's SHA-256 of the same range is {Convert.ToHexStringLower(device)}: " +
                "bytes changed on the way. Nothing was erased; retest the unit (check the cable and a lower loader baud).");
        }

        return new FlashBackupImage(image, host, chunkSize);
    }
}
