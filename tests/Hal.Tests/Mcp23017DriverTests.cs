using System.Device.I2c;
using Fixture.Hal.Configuration;
using Fixture.Hal.Drivers;
using Fixture.Hal.Lines;
using Microsoft.Extensions.Time.Testing;

namespace Fixture.Hal.Tests;

/// <summary>The mcp23017 driver end to end: the real Iot.Device.Bindings Mcp23017 on a register-level fake expander.</summary>
public sealed class Mcp23017DriverTests
{
    private const byte IodirA = 0x00;
    private const byte GpioA = 0x12;
    private const byte OlatA = 0x14;

    private static StationConfig Config() => new()
    {
        Station = new StationSection { Id = "mcp" },
        Sockets =
        [
            new SocketConfig
            {
                Serial = new SerialConfig { Port = "sim:1" },
                Lines = new SocketLinesConfig
                {
                    Power = Line(0),
                    Boot = Line(1),
                    Reset = Line(9),
                },
            },
        ],
    };

    private static LineConfig Line(int line) =>
        new() { Driver = "mcp23017", Bus = "bench", Address = 0x20, Line = line, Polarity = LinePolarity.ActiveLow };

    [Fact]
    public void Lines_on_an_MCP23017_become_outputs_at_their_released_level_and_follow_their_polarity()
    {
        var expander = new FakeMcp23017();
        var (catalog, _) = SimStation.Catalog(new FakeTimeProvider());
        catalog.I2cBuses.Add("bench", (request, _) =>
        {
            Assert.Equal(0x20, request.Address);
            return expander;
        });
        var config = Config();
        Assert.Empty(StationConfigValidator.Validate(config, catalog.LineDrivers, catalog.I2cBuses));

        using (var station = StationHardware.Open(config, catalog, new FakeTimeProvider()))
        {
            // Pins 0, 1 (GPA) and 9 (GPB1) are outputs, latched high = released for an active-low board.
            Assert.Equal(0, expander.Register(IodirA) & 0b11);
            Assert.Equal(0, expander.Register(IodirA + 1) & 0b10);
            Assert.Equal(0b11, expander.Register(OlatA) & 0b11);
            Assert.Equal(0b10, expander.Register(OlatA + 1) & 0b10);
            // And never drove a pin low on the way: the latch was written before the pin turned output.
            Assert.False(expander.GlitchedLow, "an output drove its asserted (low) level while opening");

            expander.Arm();
            station.Sockets[0].Lines.Power.Set(true);
            station.Sockets[0].Lines.Reset.Set(true);

            Assert.Equal(0b10, expander.Register(OlatA) & 0b11);
            Assert.Equal(0, expander.Register(OlatA + 1) & 0b10);
        }

        // Disposed: every line released again (high) before the pins were let go.
        Assert.Equal(0b11, expander.Register(OlatA) & 0b11);
        Assert.Equal(0b10, expander.Register(OlatA + 1) & 0b10);
    }

    /// <summary>MCP23017 registers in the default bank mode: pairs A/B, sequential addresses, auto-increment.</summary>
    private sealed class FakeMcp23017() : I2cSimulatedDeviceBase(new I2cConnectionSettings(1, 0x20))
    {
        private readonly byte[] _registers = CreateRegisters();
        private byte _pointer;
        private bool _armed;

        /// <summary>From now on, low outputs are intended (the test asserts lines).</summary>
        public void Arm() => _armed = true;

        public int Register(int address) => _registers[address];

        /// <summary>Set when pin 0, 1 or 9 was ever an output with its latch low before the first Set(true).</summary>
        public bool GlitchedLow { get; private set; }

        private bool DrivesLow(int pin)
        {
            var port = pin / 8;
            var bit = 1 << (pin % 8);
            return (_registers[IodirA + port] & bit) == 0 && (_registers[OlatA + port] & bit) == 0;
        }

        public override void WriteRead(byte[] inputBuffer, byte[] outputBuffer)
        {
            if (inputBuffer.Length > 0)
            {
                _pointer = inputBuffer[0];
                for (var i = 1; i < inputBuffer.Length; i++)
                {
                    Store(_pointer++, inputBuffer[i]);
                }
            }

            for (var i = 0; i < outputBuffer.Length; i++)
            {
                outputBuffer[i] = _registers[_pointer++ % _registers.Length];
            }
        }

        private static byte[] CreateRegisters()
        {
            var registers = new byte[0x16];
            registers[IodirA] = 0xFF;
            registers[IodirA + 1] = 0xFF;
            return registers;
        }

        private void Store(int address, byte value)
        {
            address %= _registers.Length;
            // Writing GPIO writes the output latch, as on the chip.
            _registers[address is GpioA or GpioA + 1 ? address + 2 : address] = value;
            _registers[address] = value;
            GlitchedLow |= !_armed && (DrivesLow(0) || DrivesLow(1) || DrivesLow(9));
        }
    }
}
