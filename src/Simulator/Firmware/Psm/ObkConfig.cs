using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Fixture.Simulator.Firmware.Psm;

/// <summary>
/// The part of OpenBeken's main config (<c>mainConfig_t</c>, EasyFlash key <c>mY0bcFg</c>) that changes
/// what a boot looks like: Wi-Fi credentials, stored MAC, device names, MQTT identity, pin roles,
/// flags and the boot-complete time. Defaults follow <c>CFG_SetDefaultConfig()</c>
/// (openbl602-boot.md §1). The byte layout is the simulator's own stand-in, not OpenBeken's struct:
/// "CFG" + layout version, CRC32, then fixed fields (see <see cref="ToBytes"/>).
/// </summary>
public sealed record ObkConfig
{
    public const byte LayoutVersion = 1;
    public const int ByteLength = 772;
    public const int PinCount = 32;

    /// <summary>OpenBeken's IOR_Button (ioRole_e): a button input on that pin.</summary>
    public const byte ButtonRole = 3;

    /// <summary>The BL602 prefixes of new_common.h.</summary>
    public const string DeviceNamePrefixFull = "OpenBL602";
    public const string DeviceNamePrefixShort = "obl";
    public const string DefaultMqttGroup = "bl602s";

    /// <summary>DEFAULT_BOOT_SUCCESS_TIME in new_cfg.c.</summary>
    public const int DefaultBootOkSeconds = 5;

    public int ChangeCounter { get; init; }

    public int BootOkSeconds { get; init; } = DefaultBootOkSeconds;

    /// <summary>Flag 10 (broadcast self state on MQTT connect) is the default: 1024.</summary>
    public ulong Flags { get; init; } = 1024;

    public byte[] Mac { get; init; } = new byte[6];

    public string WifiSsid { get; init; } = string.Empty;

    public string WifiPass { get; init; } = string.Empty;

    public string LongDeviceName { get; init; } = string.Empty;

    public string ShortDeviceName { get; init; } = string.Empty;

    public string MqttHost { get; init; } = string.Empty;

    public string MqttClientId { get; init; } = string.Empty;

    public string MqttUserName { get; init; } = "homeassistant";

    public string MqttPass { get; init; } = "qqqqqqqqqq";

    public string MqttGroup { get; init; } = DefaultMqttGroup;

    public int MqttPort { get; init; } = 1883;

    /// <summary>Pin role per OpenBeken pin index (= BL602 GPIO number); 0 = none.</summary>
    public byte[] PinRoles { get; init; } = new byte[PinCount];

    public byte[] PinChannels { get; init; } = new byte[PinCount];

    public string PingHost { get; init; } = "192.168.0.1";

    public string WebappRoot { get; init; } = "https://openbekeniot.github.io/webapp/";

    /// <summary>True when any role is set on GPIO16 (UART0 TX): its pad becomes a GPIO and the log goes silent.</summary>
    public bool HasRoleOnConsoleTx => PinRoles.Length > 16 && PinRoles[16] != 0;

    /// <summary>What <c>CFG_SetDefaultConfig()</c> produces for a unit with this MAC (names from MAC bytes 2..5).</summary>
    public static ObkConfig CreateDefault(ReadOnlySpan<byte> mac)
    {
        var suffix = Convert.ToHexString(mac[2..6]);
        var shortName = DeviceNamePrefixShort + suffix;
        return new ObkConfig
        {
            Mac = mac[..6].ToArray(),
            LongDeviceName = DeviceNamePrefixFull + "_" + suffix,
            ShortDeviceName = shortName,
            MqttClientId = shortName,
        };
    }

    /// <summary>
    /// Reads a stored config; null when the bytes are not one (wrong ident, layout or CRC): the
    /// firmware then logs "Config crc or ident mismatch" and loads defaults.
    /// </summary>
    public static ObkConfig? TryParse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < ByteLength || bytes[0] != 'C' || bytes[1] != 'F' || bytes[2] != 'G' || bytes[3] != LayoutVersion)
        {
            return null;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]) != Crc32.HashToUInt32(bytes[8..ByteLength]))
        {
            return null;
        }

        return new ObkConfig
        {
            ChangeCounter = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]),
            BootOkSeconds = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]),
            Flags = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            Mac = bytes.Slice(24, 6).ToArray(),
            WifiSsid = Text(bytes, 32, 64),
            WifiPass = Text(bytes, 96, 64),
            LongDeviceName = Text(bytes, 160, 64),
            ShortDeviceName = Text(bytes, 224, 32),
            MqttHost = Text(bytes, 256, 64),
            MqttClientId = Text(bytes, 320, 64),
            MqttUserName = Text(bytes, 384, 64),
            MqttPass = Text(bytes, 448, 64),
            MqttGroup = Text(bytes, 512, 64),
            MqttPort = BinaryPrimitives.ReadInt32LittleEndian(bytes[576..]),
            PinRoles = bytes.Slice(580, PinCount).ToArray(),
            PinChannels = bytes.Slice(612, PinCount).ToArray(),
            PingHost = Text(bytes, 644, 64),
            WebappRoot = Text(bytes, 708, 64),
        };
    }

    /// <summary>
    /// The stand-in layout: 0 "CFG"+version, 4 CRC32 of 8..771, 8 change counter, 12 boot-ok seconds,
    /// 16 flags (u64), 24 MAC (6 + 2), 32 SSID (64), 96 pass (64), 160 long name (64), 224 short
    /// name (32), 256 MQTT host, 320 client id, 384 user, 448 pass, 512 group (64 each), 576 port,
    /// 580 pin roles (32), 612 pin channels (32), 644 ping host (64), 708 webapp root (64).
    /// </summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[ByteLength];
        var span = bytes.AsSpan();
        span[0] = (byte)'C';
        span[1] = (byte)'F';
        span[2] = (byte)'G';
        span[3] = LayoutVersion;
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], ChangeCounter);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], BootOkSeconds);
        BinaryPrimitives.WriteUInt64LittleEndian(span[16..], Flags);
        Mac.AsSpan(0, 6).CopyTo(span[24..]);
        Put(span, 32, 64, WifiSsid);
        Put(span, 96, 64, WifiPass);
        Put(span, 160, 64, LongDeviceName);
        Put(span, 224, 32, ShortDeviceName);
        Put(span, 256, 64, MqttHost);
        Put(span, 320, 64, MqttClientId);
        Put(span, 384, 64, MqttUserName);
        Put(span, 448, 64, MqttPass);
        Put(span, 512, 64, MqttGroup);
        BinaryPrimitives.WriteInt32LittleEndian(span[576..], MqttPort);
        PinRoles.AsSpan(0, PinCount).CopyTo(span[580..]);
        PinChannels.AsSpan(0, PinCount).CopyTo(span[612..]);
        Put(span, 644, 64, PingHost);
        Put(span, 708, 64, WebappRoot);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32.HashToUInt32(span[8..]));
        return bytes;
    }

    private static string Text(ReadOnlySpan<byte> bytes, int offset, int length)
    {
        var field = bytes.Slice(offset, length);
        var nul = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(nul < 0 ? field : field[..nul]);
    }

    private static void Put(Span<byte> bytes, int offset, int length, string value)
    {
        var encoded = Encoding.ASCII.GetBytes(value);
        if (encoded.Length >= length)
        {
            throw new ArgumentException($"config text \"{value}\" is longer than its {length - 1}-character field", nameof(value));
        }

        encoded.CopyTo(bytes[offset..]);
    }
}
