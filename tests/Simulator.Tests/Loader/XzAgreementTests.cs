using Fixture.Protocol.Compression;
using Fixture.Simulator.Loader;

namespace Fixture.Simulator.Tests.Loader;

/// <summary>The device decoder refuses exactly what the host's XzStreamInfo says the loader would refuse, and decodes the host's XzEncoder output.</summary>
public class XzAgreementTests
{
    [Theory]
    [InlineData((byte)1, (byte)6, true)]
    [InlineData((byte)0, (byte)6, true)]
    [InlineData((byte)1, (byte)8, false)]
    [InlineData((byte)4, (byte)6, false)]
    public void Device_and_host_agree_on_what_the_loader_accepts(byte check, byte dictionaryCode, bool accepted)
    {
        var data = XzTestStreams.CodeLike(9000);
        var stream = XzTestStreams.Stored(data, check, dictionaryCode);
        var info = XzStreamInfo.Parse(stream);
        var hostSaysAccepted = info.Check is XzCheckType.Crc32 or XzCheckType.None && info.IsLzma2Only && info.DictionarySize <= XzDeviceDecoder.MaxDictionary;
        var output = new List<byte>();
        var result = new XzDeviceDecoder().Feed(stream, output);
        Assert.Equal(accepted, hostSaysAccepted);
        Assert.Equal(accepted, result == XzFeedResult.StreamEnd);
    }

    [Fact]
    public void The_project_encoder_output_decodes_on_the_device_fed_in_2048_byte_pieces()
    {
        var data = XzTestStreams.CodeLike(300_000, seed: 9);
        var stream = XzEncoder.Encode(data);
        var decoder = new XzDeviceDecoder();
        var output = new List<byte>();
        var result = XzFeedResult.NeedMoreInput;
        for (var offset = 0; offset < stream.Length; offset += 2048)
        {
            result = decoder.Feed(stream.AsSpan(offset, Math.Min(2048, stream.Length - offset)), output);
            Assert.NotEqual(XzFeedResult.DataError, result);
        }

        Assert.Equal(XzFeedResult.StreamEnd, result);
        Assert.Equal(data, output.ToArray());
    }
}
