using System.Security.Cryptography;
using System.Text;
using Fixture.Simulator.Flash;
using Fixture.Simulator.Sdk;

namespace Fixture.Simulator.Firmware;

/// <summary>What the bootrom and boot2 know about the chip that is not in flash.</summary>
/// <param name="EfuseSignType">eFuse sign mode: images must carry this sign type.</param>
/// <param name="EfuseEncryptType">eFuse AES mode: non-zero requires encrypted images.</param>
/// <param name="BootClockReadErrors">Reads at boot2's flash clock return corrupted data (<c>UnitFaults.BootClockReadErrors</c>).</param>
public sealed record Boot2Conditions(int EfuseSignType = 0, int EfuseEncryptType = 0, bool BootClockReadErrors = false)
{
    public static Boot2Conditions Default { get; } = new();

    public static Boot2Conditions Of(IEfuse efuse, bool bootClockReadErrors) => new(efuse.SignType, efuse.EncryptType, bootClockReadErrors);
}

/// <summary>
/// The checks the bootrom and blsp_boot2 make before a firmware runs (bl_iot_sdk blsp_boot2.c,
/// blsp_media_boot.c, blsp_boot_parser.c, partition.c), on the device side:
/// <list type="bullet">
/// <item>the bootrom: boot2's header at flash 0 (<see cref="BootHeaderCheck"/>), its code at the header's
/// img_start hashed with SHA-256 (unless hash_ignore with hash word 0 = 0xDEADBEEF); invalid: nothing runs;</item>
/// <item>boot2: the partition table copy (<see cref="PartitionTableReader"/>; none valid: "No valid PT" forever);
/// the mfg start request (16 bytes at the "mfg" entry's address 0 + 188 KiB: "0" + an entry name starts that
/// entry's image, once, before the normal image); the FW entry (type 0) at Address[activeIndex], header 4 KiB
/// before the code; an invalid image rolls the entry back to the other slot, rewriting the other table
/// copy with age + 1, and is tried once more; then "BLSP boot2 fail" forever.</item>
/// </list>
/// </summary>
/// <remarks>
/// Not modelled: xz-compressed OTA images in the active slot (boot2 would decompress them), activeIndex ≥ 2
/// (boot2 would copy the image between slots), signed or encrypted images (refused: no keys in the
/// simulated eFuse), the user-specified firmware in HBN RAM.
/// </remarks>
public static class Boot2
{
    public const uint Boot2HeaderAddress = 0;

    /// <summary>BFLB_FW_IMG_OFFSET_AFTER_HEADER: a firmware's code starts 4 KiB after its header.</summary>
    public const uint FirmwareCodeOffset = 0x1000;

    /// <summary>MFG_START_REQUEST_OFFSET of the BL602 boot2 port ((4 + 184) KiB; an older port used 60 KiB: [?]).</summary>
    public const uint MfgStartRequestOffset = (4 + 184) * 1024;

    public static FlashBootOutcome Inspect(ISpiFlash flash) => Inspect(flash, Boot2Conditions.Default);

    /// <summary>Boots the way boot2 does; a rollback rewrites a partition-table copy in <paramref name="flash"/>.</summary>
    public static FlashBootOutcome Inspect(ISpiFlash flash, Boot2Conditions conditions)
    {
        ArgumentNullException.ThrowIfNull(flash);
        ArgumentNullException.ThrowIfNull(conditions);
        if (CheckImage(flash.Read, flash.Size, Boot2HeaderAddress, codeAddress: null, conditions) is { } boot2Problem)
        {
            return new FlashBootOutcome(FlashBootStage.Boot2Invalid, $"boot2 at 0x0: {boot2Problem}");
        }

        // boot2 now reads through the XIP cache at the clock its header asks for.
        Action<uint, Span<byte>> read = conditions.BootClockReadErrors ? (a, d) => ReadAtBootClock(flash, a, d) : flash.Read;
        var table = PartitionTableReader.ReadActive(read, out var tableProblem);
        if (table is null)
        {
            return new FlashBootOutcome(FlashBootStage.Boot2Failed, tableProblem!) { NoValidTable = true };
        }

        if (StartRequest(read, flash.Size, table) is { } requested && table.ByName(requested) is { } requestedEntry
            && CheckImage(read, flash.Size, requestedEntry.ActiveAddress, requestedEntry.ActiveAddress + FirmwareCodeOffset, conditions) is null)
        {
            return Started(flash, table, requestedEntry, $"mfg start request: booted the \"{requested}\" entry") with { StartRequestEntry = requested };
        }

        var firmware = table.ByType(0);
        if (firmware is null)
        {
            return new FlashBootOutcome(FlashBootStage.Boot2Failed, "partition table has no FW entry (type 0)") { Table = table, Factory = FactoryTree.Read(flash, table) };
        }

        var problem = CheckFirmware(read, flash.Size, firmware, conditions);
        if (problem is null)
        {
            return Started(flash, table, firmware, "firmware started");
        }

        // BLSP_Boot2_Rollback_PtEntry: the other slot, age + 1, written to the other table copy; then once more.
        var rolled = firmware with { ActiveIndex = (byte)((firmware.ActiveIndex & 1) ^ 1), Age = firmware.Age + 1 };
        PartitionTableReader.UpdateEntry(flash, table, rolled, 1 - table.Copy);
        var retried = PartitionTableReader.ReadActive(read, out _) ?? table;
        var retriedFirmware = retried.ByType(0) ?? rolled;
        var retryProblem = CheckFirmware(read, flash.Size, retriedFirmware, conditions);
        if (retryProblem is null)
        {
            return Started(flash, retried, retriedFirmware, $"FW slot {firmware.ActiveIndex & 1} invalid ({problem}); rolled back to slot {retriedFirmware.ActiveIndex & 1}") with { RolledBack = true };
        }

        return new FlashBootOutcome(FlashBootStage.Boot2Failed, $"FW slot {firmware.ActiveIndex & 1} at 0x{firmware.ActiveAddress:X}: {problem}; after the rollback, slot {retriedFirmware.ActiveIndex & 1}: {retryProblem}")
        {
            Table = retried,
            RolledBack = true,
            Factory = FactoryTree.Read(flash, retried),
        };
    }

    private static FlashBootOutcome Started(ISpiFlash flash, PtTable table, PtEntry entry, string reason)
    {
        var header = new byte[BootHeaderCheck.Size];
        flash.Read(entry.ActiveAddress, header);
        var parsed = BootHeaderCheck.Parse(header, 0, 0, signMustMatch: false, out _, out _);
        var code = new byte[parsed.ImageLengthOrSegments];
        flash.Read(entry.ActiveAddress + FirmwareCodeOffset, code);
        return new FlashBootOutcome(FlashBootStage.FirmwareStarted, reason)
        {
            Table = table,
            FirmwareSlot = entry.ActiveIndex & 1,
            FirmwareAddress = entry.ActiveAddress,
            Identity = FirmwareIdentity.Read(code),
            Factory = FactoryTree.Read(flash, table),
        };
    }

    private static string? CheckFirmware(Action<uint, Span<byte>> read, int flashSize, PtEntry entry, Boot2Conditions conditions)
    {
        var address = entry.ActiveAddress;
        if (address == 0)
        {
            return "no image address (CPU 0 not boot)";
        }

        return CheckImage(read, flashSize, address, address + FirmwareCodeOffset, conditions);
    }

    /// <summary>Null when the image at <paramref name="headerAddress"/> has a valid header and code hash.</summary>
    /// <param name="codeAddress">Where the code is; null: the header's img_start (the bootrom's rule for boot2).</param>
    private static string? CheckImage(Action<uint, Span<byte>> read, int flashSize, uint headerAddress, uint? codeAddress, Boot2Conditions conditions)
    {
        if (headerAddress + (long)BootHeaderCheck.Size > flashSize)
        {
            return "header lies beyond the flash";
        }

        var bytes = new byte[BootHeaderCheck.Size];
        read(headerAddress, bytes);
        var header = BootHeaderCheck.Parse(bytes, conditions.EfuseSignType, conditions.EfuseEncryptType, signMustMatch: true, out var error, out var problem);
        if (error != 0)
        {
            return problem;
        }

        if (!header.NoSegment)
        {
            return "boot header is not a flash image (no_segment is 0)";
        }

        if (header.SignType != 0 || header.EncryptType != 0)
        {
            return $"signed or encrypted image (sign {header.SignType}, encrypt {header.EncryptType}) on a unit without keys";
        }

        var code = codeAddress ?? header.ImageStart;
        var length = header.ImageLengthOrSegments;
        if (code + (long)length > flashSize)
        {
            return $"image of {length} bytes at 0x{code:X} runs past the flash";
        }

        if (!header.HashSkipped(conditions.EfuseSignType))
        {
            var image = new byte[length];
            read(code, image);
            if (!SHA256.HashData(image).AsSpan().SequenceEqual(header.Hash))
            {
                return "SHA-256 of the code does not match the header";
            }
        }

        return null;
    }

    /// <summary>BLSP_Boot2_Get_MFG_StartReq: the entry name after a leading '0', or null.</summary>
    private static string? StartRequest(Action<uint, Span<byte>> read, int flashSize, PtTable table)
    {
        var mfg = table.ByName("mfg");
        if (mfg is null || mfg.Address0 + (long)MfgStartRequestOffset + 16 > flashSize)
        {
            return null;
        }

        var request = new byte[16];
        read(mfg.Address0 + MfgStartRequestOffset, request);
        var nul = request.AsSpan().IndexOf((byte)0);
        var length = nul < 0 ? request.Length : nul;
        if (length is 0 or >= 9 || request[0] != (byte)'0')
        {
            return null; // '1' asks for a second CPU, which BL602 does not have
        }

        return Encoding.ASCII.GetString(request, 1, length - 1);
    }

    /// <summary>A read at the boot header's flash clock on a part that cannot keep up: every 97th byte comes back with a bit flipped.</summary>
    private static void ReadAtBootClock(ISpiFlash flash, uint address, Span<byte> destination)
    {
        flash.Read(address, destination);
        for (var i = 0; i < destination.Length; i++)
        {
            if ((address + (uint)i) % 97 == 0)
            {
                destination[i] ^= 0x10;
            }
        }
    }
}
