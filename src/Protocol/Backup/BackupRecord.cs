using System.Globalization;
using System.Text;
using System.Text.Json;
using Fixture.Protocol.Identity;

namespace Fixture.Protocol.Backup;

/// <summary>
/// The JSON sidecar of one backup (issue 14 §3): who the unit is and what the image holds. Written beside
/// <c>&lt;chip_id&gt;_&lt;mac&gt;_&lt;utc&gt;.bin.xz</c> as the same name with <c>.json</c> instead of <c>.bin.xz</c>.
/// </summary>
public sealed record BackupRecord(
    MacAddress ChipId,
    MacAddress Mac,
    string JedecId,
    string EfuseRegion0Hex,
    string BootInfoHex,
    string Sha256,
    long Size,
    string? Firmware,
    DateTimeOffset TakenUtc,
    string ImageFile)
{
    public const int FormatVersion = 1;

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteString("chipId", ChipId.ToString());
            json.WriteString("mac", Mac.ToString());
            json.WriteString("jedecId", JedecId);
            json.WriteString("efuseRegion0", EfuseRegion0Hex);
            json.WriteString("bootInfo", BootInfoHex);
            json.WriteString("sha256", Sha256);
            json.WriteNumber("size", Size);
            if (Firmware is null)
            {
                json.WriteNull("firmware");
            }
            else
            {
                json.WriteString("firmware", Firmware);
            }

            json.WriteString("takenUtc", TakenUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("image", ImageFile);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
