using Fixture.Simulator.Firmware;

namespace Fixture.Simulator.Tests.Firmware;

public class FirmwareIdentityTests
{
    [Theory]
    [InlineData("1.17.366")]
    [InlineData("dev_20250814_094127")]
    public void Version_next_to_the_name_is_read(string version)
    {
        Assert.Equal(version, FirmwareIdentity.Read(TestImages.Code(4096, "OpenBL602", version)).Version);
    }

    [Fact]
    public void A_version_placed_elsewhere_in_the_image_is_still_found()
    {
        var code = TestImages.Code(4096, "OpenBL602");
        System.Text.Encoding.ASCII.GetBytes("\01.18.2\0").CopyTo(code, 3000);

        var identity = FirmwareIdentity.Read(code);

        Assert.Equal((FirmwareKind.OpenBl602, "1.18.2"), (identity.Kind, identity.Version));
    }

    [Fact]
    public void The_name_without_any_version_is_not_OpenBL602_and_no_name_is_not_either()
    {
        Assert.Equal(FirmwareKind.Unrecognised, FirmwareIdentity.Read(TestImages.Code(4096, "OpenBL602")).Kind);
        Assert.Equal(FirmwareKind.Unrecognised, FirmwareIdentity.Read(TestImages.Code(4096, "1.17.366")).Kind);
        Assert.Equal(FirmwareKind.Unrecognised, FirmwareIdentity.Read(TestImages.Code(4096, "OpenBL602_1.17.366")).Kind);
    }
}
