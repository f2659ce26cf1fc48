using Fixture.Protocol.Images.DeviceTree;

namespace Fixture.Simulator.Assets;

/// <summary>
/// A factory-parameters device tree shaped like the SDK's bl_factory_params_IoTKitA_40M.dts: model
/// and compatible strings, GPIO/PWM/I2C nodes, the console UART (uart/uart@4000A000, /dev/ttyS0,
/// baud, rx 7 / tx 16), the second UART, and the wifi node with mac (mode "MBF"), region, RF board
/// parameters and power tables. Written as a .dtb padded to the real file's 5 930 bytes.
/// </summary>
public static class FactoryParametersTree
{
    public const int StandardSize = 5930;

    /// <param name="macMode">wifi/mac "mode" (the SDK's default is "MBF").</param>
    public static DeviceTreeNode Build(int consoleBaud, ReadOnlySpan<byte> treeMac, string macMode = "MBF")
    {
        var root = new DeviceTreeNode(string.Empty)
            .Add("model", "bl bl602 AVB board")
            .Add("compatible", "bl,bl602-sample", "bl,bl602-common")
            .Add("#address-cells", 1u)
            .Add("#size-cells", 1u);

        var gpio = root.AddChild("gpio").Add("#address-cells", 1u).Add("#size-cells", 1u).Add("max_num", 40u);
        AddLed(gpio, "gpio0", "okay", 5);
        AddLed(gpio, "gpio1", "disable", 6);
        var button = gpio.AddChild("gpio2")
            .Add("status", "okay").Add("pin", 2u).Add("feature", "button").Add("active", "Hi").Add("mode", "multipress");
        var press = button.AddChild("button").Add("debounce", 10u);
        press.AddChild("short_press_ms").Add("start", 100u).Add("end", 3000u).Add("kevent", 2u);
        press.AddChild("long_press_ms").Add("start", 6000u).Add("end", 10000u).Add("kevent", 3u);
        press.AddChild("longlong_press_ms").Add("start", 15000u).Add("kevent", 4u);
        press.Add("trig_level", "Hi");
        button.Add("hbn_use", "disable");

        root.AddChild("i2s@40017000").Add("status", "disable").Add("compatible", "bl602_i2s").Add("reg", 0x40017000u, 0x100u)
            .Add("mclk_only", "okay").AddChild("pin").Add("mclk", 11u);
        var i2c = root.AddChild("i2c@40011000").Add("status", "disable").Add("compatible", "bl602_i2c").Add("reg", 0x40011000u, 0x100u);
        i2c.AddChild("pin").Add("scl", 32u).Add("sda", 13u);
        i2c.AddChild("devices").Add("list_addr", 0x18u, 0x21u).Add("list_driver", "i2c_es8311", "i2c_gc0308");

        var pwm = root.AddChild("pwm").Add("#address-cells", 1u).Add("#size-cells", 1u);
        for (var i = 0u; i < 5; i++)
        {
            pwm.AddChild($"pwm@4000A4{2 + (i * 2):X1}0").Add("status", i == 0 ? "okay" : "disable").Add("compatible", "bl602_pwm")
                .Add("reg", 0x4000A420u + (i * 0x20u), 0x20u).Add("path", $"/dev/pwm{i}").Add("id", i).Add("pin", i)
                .Add("freq", 800000u).Add("duty", 50u);
        }

        // As in the SDK's dts, the UARTs sit in a "uart" node (where vfs_uart_init looks them up).
        var uarts = root.AddChild("uart").Add("#address-cells", 1u).Add("#size-cells", 1u);
        AddUart(uarts, "uart@4000A000", 0, "/dev/ttyS0", (uint)consoleBaud, 7, 16, "okay");
        AddUart(uarts, "uart@4000A100", 1, "/dev/ttyS1", 115200, 3, 4, "disable");

        var spi = root.AddChild("spi@4000F000").Add("status", "disable").Add("compatible", "bl602_spi").Add("reg", 0x4000F000u, 0x100u)
            .Add("mode", "master").Add("freq", 3000000u);
        spi.AddChild("pin").Add("clk", 3u).Add("cs", 2u).Add("mosi", 12u).Add("miso", 17u);
        spi.AddChild("dma_cfg").Add("tx_dma_ch", 2u).Add("rx_dma_ch", 3u);

        var gpip = root.AddChild("gpip").Add("status", "disable").Add("compatible", "bl602_gpip");
        gpip.AddChild("adc_key").Add("pin", 9u).Add("interrupt", 3u).Add("key_vol", 0u, 100u, 400u, 300u, 500u).Add("key_pcb", "SW1", "SW2", "SW3", "SW4", "SW5")
            .Add("key_event", "Usr1", "Usr2", "Start", "Up", "Down").Add("key_raw", 1u, 2u, 3u, 4u, 5u);
        root.AddChild("qspi@4000A000").Add("status", "disable").Add("reg", 0x4000A000u, 0x1000u);
        var ir = root.AddChild("ir").Add("status", "disable").Add("pin", 11u);
        ir.AddChild("rx").Add("pin", 11u).Add("protocol", "NEC");

        AddWifi(root, treeMac, macMode);

        var bt = root.AddChild("bluetooth").Add("status", "okay").Add("compatible", "bl602_ble");
        var btPower = bt.AddChild("pwr_table_ble").Add("pwr_table_ble", 13u);
        btPower.Add("pwr_offset", Series(14, 10));
        return root;
    }

    /// <summary>The .dtb bytes: the tree padded with zeros to <paramref name="totalSize"/>.</summary>
    public static byte[] Write(int consoleBaud, ReadOnlySpan<byte> treeMac, int totalSize = StandardSize, string macMode = "MBF") =>
        FlattenedDeviceTree.Write(Build(consoleBaud, treeMac, macMode), totalSize);

    private static void AddLed(DeviceTreeNode gpio, string name, string status, uint pin) =>
        gpio.AddChild(name).Add("status", status).Add("pin", pin).Add("feature", "led").Add("active", "Hi").Add("mode", "blink").Add("time", 100u);

    private static void AddUart(DeviceTreeNode parent, string name, uint id, string path, uint baud, uint rx, uint tx, string status)
    {
        var uart = parent.AddChild(name).Add("status", status).Add("id", id).Add("compatible", "bl602_uart").Add("path", path).Add("baudrate", baud);
        uart.AddChild("pin").Add("rx", rx).Add("tx", tx);
        uart.AddChild("buf_size").Add("rx_size", 512u).Add("tx_size", 512u);
        uart.AddChild("feature").Add("rts", "disable").Add("cts", "disable").Add("rx", "okay").Add("tx", "okay");
    }

    private static void AddWifi(DeviceTreeNode root, ReadOnlySpan<byte> treeMac, string macMode)
    {
        var wifi = root.AddChild("wifi").Add("status", "okay").Add("compatible", "bl602_wifi");
        var ap = treeMac.ToArray();
        ap[5] = (byte)(ap[5] + 1);
        wifi.AddChild("region").Add("country_code", 86u);
        wifi.AddChild("mac").Add("mode", macMode).Add("sta_mac_addr", treeMac.ToArray()).Add("ap_mac_addr", ap);
        wifi.AddChild("sta").Add("ssid", "yourssid").Add("pwd", "yourapssword").Add("auto_connect_enable", 0u);
        wifi.AddChild("ap").Add("ssid", "bl_test_005").Add("pwd", "12345678").Add("ap_channel", 11u).Add("auto_chan_detect", "disable");

        var brd = wifi.AddChild("brd_rf").Add("xtal_mode", "MF").Add("xtal", 36u, 36u, 0u, 60u, 60u).Add("pwr_mode", "bf")
            .Add("pwr_table_11b", 20u, 20u, 20u, 18u).Add("pwr_table_11g", 18u, 18u, 18u, 18u, 18u, 18u, 16u, 16u)
            .Add("pwr_table_11n", 18u, 18u, 18u, 18u, 18u, 16u, 15u, 14u)
            .Add("pwr_offset", Series(14, 10))
            .Add("channel_div_table", ChannelDivTable())
            .Add("channel_cnt_table", ChannelCountTable())
            .Add("lo_fcal_div", 0x56Bu);
        brd.AddChild("rf_temp").Add("en_tcal", 1u).Add("linear_or_follow", 1u).Add("Tchannels", 2412u, 2427u, 2442u, 2457u, 2472u)
            .Add("Tchannel_os", 180u, 168u, 163u, 160u, 157u).Add("Tchannel_os_low", 199u, 186u, 170u, 165u, 160u).Add("Troom_os", 255u);

        var pwrTable = wifi.AddChild("pwr_table");
        for (var i = 0; i < 3; i++)
        {
            pwrTable.AddChild($"pwr_table_{i}").Add("mode", i < 2 ? "11b" : "11g").Add("rate", Series(8, (uint)(24 - i)))
                .Add("pwr_level", Series(16, (uint)(17 - i))).Add("gain", Gains(16, i));
        }
    }

    private static uint[] Series(int count, uint start)
    {
        var values = new uint[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = start + (uint)(i % 3);
        }

        return values;
    }

    private static uint[] Gains(int count, int table)
    {
        var values = new uint[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = 0x1A0u + (uint)((i * 7) + (table * 13)) % 64;
        }

        return values;
    }

    private static uint[] ChannelDivTable()
    {
        var values = new uint[15];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = 0x1EEC4EC4u + ((uint)i * 0x00444444u);
        }

        return values;
    }

    private static uint[] ChannelCountTable()
    {
        var values = new uint[14];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = 6424u + ((uint)i * 40u);
        }

        return values;
    }
}
