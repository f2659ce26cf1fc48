namespace Fixture.Protocol.BootLog;

/// <summary>One marker found on one line, with the value it carries (SSID, version, counter) when the line is whole.</summary>
/// <param name="Unreadable">For a version line whose version is garbled: the text after `OpenBL602, version` as it came.</param>
internal readonly record struct BootLogEvent(BootMarkerKind Kind, string? Value = null, int? Number = null, string? Unreadable = null);
