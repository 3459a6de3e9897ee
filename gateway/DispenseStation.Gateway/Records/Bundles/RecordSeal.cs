using System.Globalization;
using System.Text;
using DispenseStation.Gateway.Signatures;
using Microsoft.AspNetCore.DataProtection;

namespace DispenseStation.Gateway.Records.Bundles;

/// <summary>
/// The exporting gateway's seal over a bundle's content hash and signatures: ASP.NET Core Data Protection (authenticated
/// encryption with the gateway's key ring), so only a gateway holding that key ring can make a seal that opens, and any
/// edit to the hash or a signature line makes it fail. Anyone can recompute the hash; only the seal says who exported it.
/// </summary>
public sealed class RecordSeal(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("DispenseStation.RecordBundle.Seal.v1");

    public string Make(string contentSha256, IReadOnlyList<SignatureRecord> signatures) =>
        _protector.Protect(SealedText(contentSha256, signatures));

    /// <summary>True when the seal opens with this gateway's key ring and covers exactly this hash and these signatures.</summary>
    public bool Check(string seal, string contentSha256, IReadOnlyList<SignatureRecord> signatures)
    {
        try
        {
            return _protector.Unprotect(seal) == SealedText(contentSha256, signatures);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    private static string SealedText(string contentSha256, IReadOnlyList<SignatureRecord> signatures)
    {
        var s = new StringBuilder("content=").Append(contentSha256).Append('\n');
        foreach (var g in signatures.OrderBy(g => g.Meaning, StringComparer.Ordinal))
            s.Append("signature=").Append(g.Meaning).Append('|').Append(g.UserName).Append('|')
             .Append(g.SignedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('|').Append(g.ContentSha256).Append('\n');
        return s.ToString();
    }
}
