using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fixture.Hal.Configuration;

/// <summary>Reads I2C addresses the way people write them: 64, "64" or "0x40".</summary>
public sealed class HexIntegerJsonConverter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.GetInt32();
            case JsonTokenType.String:
                var text = reader.GetString()!.Trim();
                var ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    ? int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
                    : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
                return ok ? value : throw new JsonException($"'{text}' is not an address: write it like \"0x40\" or 64.");
            default:
                throw new JsonException("An address must be a number or a string like \"0x40\".");
        }
    }

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue($"0x{v:X2}");
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
