using System.Security.Cryptography;
using Fixture.Protocol.Images;
using Fixture.Protocol.Images.DeviceTree;
using Fixture.Simulator.Flash;

namespace Fixture.Simulator.Firmware;

/// <summary>
/// The checks the bootrom and blsp_boot2 make before a firmware runs (protocol reference §5.7, §7):
/// boot2's header and code hash at flash 0; the partition-table copy (valid CRCs, then the larger
/// age, a tie goes to copy 0); the FW entry's active slot (header, then the SHA-256 of the code
/// 4 KiB after it); the factory parameters in the "factory" entry.
/// </summary>
/// <remarks>
/// Choices where the references are silent, so tests and the analyzer agree on them:
/// <list type="bullet">
/// <item>A corrupt boot2 leaves the bootrom with nothing to run: silence (no boot2 log at all).</item>
/// <item>When the active slot's image is invalid and the other slot of the FW entry holds a valid
/// image, boot2 rolls back to it (OTA rollback). This is why clean slate erases the second slot's header.</item>
/// <item>Missing or invalid factory parameters do not stop the boot: the console stays at the early rate.</item>
/// </list>
/// </remarks>
public static class Boot2
{
    public const uint Boot2HeaderAddress = 0;

    public static FlashBootOutcome Inspect(ISpiFlash flash)
    {
        if (CheckImage(flash, Boot2HeaderAddress, FlashImageKind.Boot2, (uint)flash.Size) is { } boot2Problem)
        {
            return new FlashBootOutcome(FlashBootStage.Boot2Invalid, $"boot2 at 0x0: {boot2Problem}");
        }

        var (table, copy, tableProblem) = ReadPartitionTable(flash);
        if (table is null)
        {
            return new FlashBootOutcome(FlashBootStage.Boot2Failed, tableProblem!);
        }

        var psm = table.Find("PSM");
        var firmware = table.Firmware;
        if (firmware is null)
        {
            return new FlashBootOutcome(FlashBootStage.Boot2Failed, "partition table has no FW entry (type 0)") { Table = table, TableCopy = copy, Psm = psm };
        }

        var active = firmware.ActiveIndex == 1 ? 1 : 0;
        var (slot, address, firmwareProblem) = PickFirmwareSlot(flash, firmware, active);
        if (slot is null)
        {
            return new FlashBootOutcome(FlashBootStage.Boot2Failed, firmwareProblem!) { Table = table, TableCopy = copy, Psm = psm };
        }

        var code = ReadCode(flash, address, FlashImageKind.Firmware);
        var (parameters, parametersProblem) = ReadFactoryParameters(flash, table);
        return new FlashBootOutcome(FlashBootStage.FirmwareStarted, slot == active ? "firmware started" : $"active slot {active} invalid ({firmwareProblem}); rolled back to slot {slot}")
        {
            Table = table,
            TableCopy = copy,
            FirmwareSlot = slot,
            FirmwareAddress = address,
            Identity = FirmwareIdentity.Read(code),
            FactoryParameters = parameters,
            FactoryParametersProblem = parametersProblem,
            Psm = psm,
        };
    }

    private static (int? Slot, uint Address, string? Problem) PickFirmwareSlot(ISpiFlash flash, PartitionEntry entry, int active)
    {
        var activeAddress = active == 1 ? entry.Address1 : entry.Address0;
        var activeSize = active == 1 ? entry.Size1 : entry.Size0;
        var problem = CheckImage(flash, activeAddress, FlashImageKind.Firmware, activeSize);
        if (problem is null)
        {
            return (active, activeAddress, null);
        }

        var otherAddress = active == 1 ? entry.Address0 : entry.Address1;
        var otherSize = active == 1 ? entry.Size0 : entry.Size1;
        if (otherSize != 0 && CheckImage(flash, otherAddress, FlashImageKind.Firmware, otherSize) is null)
        {
            return (1 - active, otherAddress, $"FW slot {active} at 0x{activeAddress:X}: {problem}");
        }

        return (null, 0, $"FW slot {active} at 0x{activeAddress:X}: {problem}");
    }

    /// <summary>Null when the image at <paramref name="address"/> has a valid header and code hash.</summary>
    private static string? CheckImage(ISpiFlash flash, uint address, FlashImageKind kind, uint slotSize)
    {
        if (address + (long)BootHeader.Size > flash.Size)
        {
            return "slot lies beyond the flash";
        }

        var headerBytes = new byte[BootHeader.Size];
        flash.Read(address, headerBytes);
        var header = BootHeader.Read(headerBytes);
        var problems = header.FindProblems();
        if (problems.Count > 0)
        {
            return problems[0];
        }

        if (!header.BootConfig.NoSegment)
        {
            return "boot header is not a flash image (no_segment is 0)";
        }

        if (header.SignType != 0 || header.EncryptType != 0)
        {
            return $"signed or encrypted image (sign {header.SignType}, encrypt {header.EncryptType}) on a unit without keys";
        }

        var offset = (uint)FlashImage.CodeOffsetOf(kind);
        if (header.ImageLength == 0 || offset + (long)header.ImageLength > slotSize || address + (long)offset + header.ImageLength > flash.Size)
        {
            return $"image length {header.ImageLength} does not fit the 0x{slotSize:X}-byte slot";
        }

        if (!header.IsHashIgnored)
        {
            var code = new byte[header.ImageLength];
            flash.Read(address + offset, code);
            if (!SHA256.HashData(code).AsSpan().SequenceEqual(header.Hash))
            {
                return "SHA-256 of the code does not match the header";
            }
        }

        return null;
    }

    private static byte[] ReadCode(ISpiFlash flash, uint address, FlashImageKind kind)
    {
        var headerBytes = new byte[BootHeader.Size];
        flash.Read(address, headerBytes);
        var code = new byte[BootHeader.Read(headerBytes).ImageLength];
        flash.Read(address + (uint)FlashImage.CodeOffsetOf(kind), code);
        return code;
    }

    private static (PartitionTable? Table, int Copy, string? Problem) ReadPartitionTable(ISpiFlash flash)
    {
        var (table0, problem0) = TryReadTable(flash, PartitionTable.DefaultAddress0);
        var (table1, problem1) = TryReadTable(flash, PartitionTable.DefaultAddress1);
        if (table0 is not null && (table1 is null || table0.Age >= table1.Age))
        {
            return (table0, 0, null);
        }

        if (table1 is not null)
        {
            return (table1, 1, null);
        }

        return (null, -1, $"no valid partition table (0xE000: {problem0}; 0xF000: {problem1})");
    }

    private static (PartitionTable? Table, string? Problem) TryReadTable(ISpiFlash flash, uint address)
    {
        var bytes = new byte[0x1000];
        flash.Read(address, bytes);
        try
        {
            return (PartitionTable.Parse(bytes), null);
        }
        catch (ImageFormatException error)
        {
            return (null, error.Message);
        }
    }

    private static (FactoryParameters? Parameters, string? Problem) ReadFactoryParameters(ISpiFlash flash, PartitionTable table)
    {
        var entry = table.Find("factory");
        if (entry is null)
        {
            return (null, "partition table has no \"factory\" entry");
        }

        var size = (int)Math.Min(entry.ActiveSize, (uint)Math.Max(0, flash.Size - (long)entry.ActiveAddress));
        var bytes = new byte[size];
        flash.Read(entry.ActiveAddress, bytes);
        try
        {
            return (FactoryParameters.Parse(bytes, $"factory parameters at 0x{entry.ActiveAddress:X}"), null);
        }
        catch (ImageFormatException error)
        {
            return (null, error.Message);
        }
    }
}
