using Fixture.Simulator.Sdk;
using Fixture.Simulator.Unit;

namespace Fixture.Simulator.Tests.Unit;

public class UnitFileTests
{
    public static TheoryData<string, int> RealUnitFiles => new()
    {
        { "amysen-yx-ws01-9666.json", 0 },
        { "amysen-yx-ws01-d91c.json", 1 },
        { "amysen-yx-ws01-048b.json", 2 },
    };

    [Theory]
    [MemberData(nameof(RealUnitFiles))]
    public void The_shipped_real_unit_files_are_the_real_units(string file, int index)
    {
        var loaded = UnitFile.Load(RepositoryPaths.Units(file));
        var real = RealUnits.All[index];

        Assert.Equal(real.Name, loaded.Name);
        Assert.Equal(real.EfuseRegion0.ToArray(), loaded.EfuseRegion0.ToArray());
        Assert.Equal(new byte[] { 0xEF, 0x40, 0x15 }, loaded.JedecId.ToArray());
        Assert.Equal(0x00, loaded.JedecReplyFlag);
        Assert.Equal(UnitFlashContent.StockTg7100c, loaded.FlashContent);
        Assert.Equal(WifiMacLine.Masked, loaded.MacLine);
        Assert.Equal(3u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(loaded.EfuseRegion0.Span[0x10..]));
    }

    [Theory]
    [InlineData("amysen-yx-ws01-9666.json", "AC:D8:29:6B:B7:ED", "70:3E:97:1E:96:66")]
    [InlineData("amysen-yx-ws01-d91c.json", "B4:0E:CF:07:15:91", "70:3E:97:1E:D9:1C")]
    [InlineData("amysen-yx-ws01-048b.json", "B4:0E:CF:07:78:E9", "70:3E:97:1E:04:8B")]
    public void A_real_unit_has_its_chip_id_in_slot_0_and_its_factory_MAC_in_slot_1(string file, string chipId, string factory)
    {
        var region = UnitFile.Load(RepositoryPaths.Units(file)).EfuseRegion0.Span;

        Assert.Equal(Mac(chipId), EfuseMacSlots.ReadMac(region, 0).Bytes);
        Assert.Equal(Mac(factory), EfuseMacSlots.ReadMac(region, 1).Bytes);
        Assert.True(EfuseMacSlots.IsEmpty(region, 2));
    }

    [Fact]
    public void Every_shipped_unit_file_loads()
    {
        var files = Directory.GetFiles(RepositoryPaths.Units(), "*.json", SearchOption.AllDirectories);

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Equal(128, UnitFile.Load(f).EfuseRegion0.Length));
    }

    [Fact]
    public void An_unknown_key_is_refused_naming_the_file_and_the_key()
    {
        var error = Assert.Throws<UnitFileException>(() => UnitFile.Parse(Json("\"efuseRegion0\": \"00\""), "units/bad.json"));

        Assert.Equal("units/bad.json", error.File);
        Assert.Equal("efuseRegion0", error.Key);
        Assert.StartsWith("units/bad.json: efuseRegion0: is an unknown key (known here: name, notes, efuseRegion0Hex,", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"efuseRegion0Hex\": \"00\"", "efuseRegion0Hex")]
    [InlineData("\"jedecId\": \"ef40\"", "jedecId")]
    [InlineData("\"jedecId\": \"ef4030\"", "jedecId")]
    [InlineData("\"jedecReplyFlag\": 256", "jedecReplyFlag")]
    [InlineData("\"flashContent\": \"stock\"", "flashContent")]
    [InlineData("\"macLine\": \"partial\"", "macLine")]
    [InlineData("\"mfgMediaInit\": \"yes\"", "mfgMediaInit")]
    [InlineData("\"rfParaMac\": \"70-3E-97-55-AA-01\"", "rfParaMac")]
    [InlineData("\"stockConsoleBaud\": 115200", "stockConsoleBaud")]
    [InlineData("\"rfParaAddress\": \"1FF000\"", "rfParaAddress")]
    public void A_malformed_value_names_its_key(string property, string key)
    {
        var json = property.StartsWith("\"efuseRegion0Hex\"", StringComparison.Ordinal) ? "{" + property + "}" : Json(property);

        var error = Assert.Throws<UnitFileException>(() => UnitFile.Parse(json, "u.json"));

        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void A_missing_eFuse_region_and_broken_JSON_are_refused_in_one_line()
    {
        Assert.Equal("efuseRegion0Hex", Assert.Throws<UnitFileException>(() => UnitFile.Parse("{\"name\": \"x\"}", "u.json")).Key);
        var json = Assert.Throws<UnitFileException>(() => UnitFile.Parse("{\"name\": ", "u.json"));
        Assert.Equal("(file)", json.Key);
        Assert.DoesNotContain('\n', json.Message);
        Assert.Equal("(file)", Assert.Throws<UnitFileException>(() => UnitFile.Load("/nonexistent/unit.json")).Key);
    }

    [Fact]
    public void Every_problem_of_a_unit_file_is_listed_in_one_line_with_its_key_and_the_type_in_words()
    {
        var json = "{\"jedecId\": \"ef4030\", \"mfgMediaInit\": \"yes\", \"stockConsoleBaud\": \"fast\", \"macLine\": \"partial\", \"macLine\": \"full\", \"colour\": 1}";

        var error = Assert.Throws<UnitFileException>(() => UnitFile.Parse(json, "u.json"));

        Assert.Equal(
            [
                "macLine: is given twice (lines 1 and 1): write each key once",
                "mfgMediaInit: must be true or false, found the text \"yes\"",
                "stockConsoleBaud: must be a whole number, found the text \"fast\"",
                "colour: is an unknown key (known here: name, notes, efuseRegion0Hex, jedecId, jedecReplyFlag, flashContent, macLine, mfgMediaInit, rfParaMac, rfParaAddress, stockConsoleBaud, mfgStartRequest; names are case-sensitive)",
                "efuseRegion0Hex: is required: the 128 bytes of eFuse region 0 as 256 hex digits",
                "jedecId: capacity byte 0x30 is outside 0x11..0x19 (128 KiB .. 32 MiB)",
            ],
            error.Problems.Select(p => p.ToString()));
        Assert.StartsWith("u.json: 6 problems: macLine: is given twice", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_unit_file_saved_with_a_byte_order_mark_loads()
    {
        var path = Path.Combine(Path.GetTempPath(), $"unit-bom-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Json("\"name\": \"bom\""))]);

            Assert.Equal("bom", UnitFile.Load(path).Name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public void A_device_given_as_a_unit_file_is_refused_without_reading_it()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/dev/zero"), "needs Linux's /dev/zero");

        var error = Assert.Throws<UnitFileException>(() => UnitFile.Load("/dev/zero"));

        Assert.Equal("/dev/zero: (file): is not a regular file but a character device: name a file", error.Message);
    }

    [Fact]
    public void Optional_keys_take_the_real_units_defaults_and_the_name_comes_from_the_file()
    {
        var unit = UnitFile.Parse(Json(null), "config/units/plain-unit.json");

        Assert.Equal("plain-unit", unit.Name);
        Assert.Equal(new byte[] { 0xEF, 0x40, 0x15 }, unit.JedecId.ToArray());
        Assert.Equal(0, unit.JedecReplyFlag);
        Assert.Equal(UnitFlashContent.StockTg7100c, unit.FlashContent);
        Assert.Equal(WifiMacLine.Full, unit.MacLine);
        Assert.False(unit.MfgMediaInitialised);
        Assert.Equal(2_000_000, unit.StockConsoleBaud);
        Assert.Equal(0x80, UnitFile.Parse(Json("\"jedecReplyFlag\": \"0x80\""), "u.json").JedecReplyFlag);
    }

    [Fact]
    public void Serial_counts_every_written_slot_up_and_leaves_empty_ones_empty()
    {
        var unit = RealUnits.UnitD91c;

        var next = unit.Serial(0x100).EfuseRegion0.Span;

        Assert.Same(unit, unit.Serial(0));
        Assert.Equal(Mac("B4:0E:CF:07:16:91"), EfuseMacSlots.ReadMac(next, 0).Bytes);
        Assert.Equal(Mac("70:3E:97:1E:DA:1C"), EfuseMacSlots.ReadMac(next, 1).Bytes);
        Assert.True(EfuseMacSlots.ReadMac(next, 1).ParityOk);
        Assert.True(EfuseMacSlots.IsEmpty(next, 2));
        Assert.NotEqual(unit.Name, unit.Serial(1).Name);
    }

    [Fact]
    public void Serial_keeps_a_broken_parity_broken_and_the_cap_code_bits()
    {
        var region = EfuseImage.Build(3, slot0: Mac("B4:0E:CF:07:15:91"));
        EfuseImage.WriteMacWithBadParity(region, 2, Mac("70:3E:97:20:00:FF"));
        EfuseImage.WriteCapCode(region, 2, 0x25);
        var unit = new UnitIdentity { EfuseRegion0 = region };

        for (var k = 1; k < 300; k++)
        {
            var serial = unit.Serial(k).EfuseRegion0.Span;
            Assert.False(EfuseMacSlots.ReadMac(serial, 2).ParityOk);
            Assert.Equal(0x25u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(serial[0x08..]) >> 22);
        }
    }

    private static string Json(string? extra)
    {
        var hex = Convert.ToHexString(RealUnits.Unit9666.EfuseRegion0.Span);
        return "{\"efuseRegion0Hex\": \"" + hex + "\"" + (extra is null ? string.Empty : ", " + extra) + "}";
    }

    private static byte[] Mac(string text) => Convert.FromHexString(text.Replace(":", "", StringComparison.Ordinal));
}
