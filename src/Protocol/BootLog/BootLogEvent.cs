namespace Fixture.Protocol.BootLog;

/// <summary>One marker found on one line, with the value it carries (SSID, version, counter) when the line is whole.</summary>
internal readonly record struct BootLogEvent(BootMarkerKind Kind, string? Value = null, int? Number = null);
