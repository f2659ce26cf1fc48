using Fixture.Protocol.Images;

namespace Fixture.Simulator.Assets;

/// <summary>
/// What one firmware installation puts in flash: whole_img_boot2.bin at 0, the binary partition table
/// at 0xE000 and 0xF000, whole_img.bin at the FW entry's active slot, the factory parameters .dtb at
/// the "factory" entry.
/// </summary>
public sealed record ImageSet(byte[] Boot2Image, byte[] PartitionTable, byte[] FirmwareImage, byte[] FactoryParameters)
{
    public PartitionTable Table => Protocol.Images.PartitionTable.Parse(PartitionTable, "image set partition table");
}
