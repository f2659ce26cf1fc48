using System.Security.Cryptography;
using Fixture.Protocol.Compression;
using Fixture.Protocol.Plans;
using Fixture.Simulator.Assets;
using Fixture.Simulator.Faults;
using Fixture.Simulator.Firmware;
using Fixture.Simulator.Timing;
using Fixture.Simulator.Uart;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests.Integration;

/// <summary>
/// One socket of a DTR/RTS bench wired the Dev Cube's way (RTS → CHIP_EN, DTR → power), holding a
/// factory-fresh unit (stock TG7100C firmware) whose flash boots through simboot's models.
/// </summary>
internal sealed class SimulatedSocket
{
    public SimulatedSocket(TimingModel? timing = null, UnitFaults? faults = null, UnitIdentity? identity = null)
    {
        faults ??= UnitFaults.None;
        Assets = SyntheticAssets.Get(1);
        Clock = new SimulationClock();
        Unit = new SimulatedUnit(Clock, new SimulatedUnitOptions
        {
            Faults = faults,
            Timing = timing ?? TimingModel.Default,
            Identity = identity ?? RealUnits.All[0],
            FirmwareStarter = FlashBoot.Starter(faults),
        });
        UnitFlashSetup.Apply(Unit, Assets.OpenBl602Set, Assets);
        Link = new SimulatedSerialLink("sim:socket-1", Clock, timing ?? TimingModel.Default, ModemLineWiring.DevCube);
        Link.Attach(Unit);
    }

    public SyntheticAssets Assets { get; }

    public SimulationClock Clock { get; }

    public SimulatedUnit Unit { get; }

    public SimulatedSerialLink Link { get; }

    /// <summary>The Dev Cube's file set: boot2 @0, the table @0xE000 and @0xF000, firmware @0x10000, factory parameters @0x1F8000.</summary>
    public static FlashPlan VendorPlan() => Plan.Value;

    private static readonly Lazy<FlashPlan> Plan = new(() =>
    {
        var assets = SyntheticAssets.Get(1);
        return new FlashPlan("openbl602-sim (vendor file set)",
        [
            Region("boot2", FlashRegionKind.Boot2, 0x0, assets.Boot2Image),
            Region("partition0", FlashRegionKind.PartitionTable, 0xE000, assets.PartitionBinary),
            Region("partition1", FlashRegionKind.PartitionTable, 0xF000, assets.PartitionBinary),
            Region("firmware", FlashRegionKind.Firmware, 0x10000, assets.FirmwareImage),
            Region("factory", FlashRegionKind.FactoryParameters, 0x1F8000, assets.FactoryParameters),
        ]);
    });

    private static FlashRegion Region(string name, FlashRegionKind kind, uint address, byte[] data) =>
        new(name, kind, address, data, SHA256.HashData(data), data.Length > 4096 ? XzEncoder.Encode(data) : null, (uint)data.Length);
}
