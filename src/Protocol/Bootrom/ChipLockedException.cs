using Fixture.Protocol.Wire;

namespace Fixture.Protocol.Bootrom;

/// <summary>The chip's sign or encrypt eFuses are set: it will not run the unsigned helper, so nothing was loaded.</summary>
public sealed class ChipLockedException : IspException
{
    public ChipLockedException(string link, BootInfo info)
        : base($"{link}: the chip's eFuses demand {(info.SignType != 0 ? "signed" : "")}{(info.SignType != 0 && info.EncryptType != 0 ? " and " : "")}{(info.EncryptType != 0 ? "encrypted" : "")} images " +
               $"(sign={info.SignType}, encrypt={info.EncryptType}, chip id {info.ChipId}); it cannot be converted. Set the unit aside as CHIP_LOCKED.")
    {
        Info = info;
    }

    public BootInfo Info { get; }
}
