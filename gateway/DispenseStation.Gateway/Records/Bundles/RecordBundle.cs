using DispenseStation.Gateway.Signatures;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Records.Bundles;

/// <summary>
/// A batch record exported whole, for an archive or another site's quality system: everything the content hash covers
/// (<see cref="RecordHash"/>), the signatures bound to it, and a seal from the exporting gateway over both, so that a
/// copy can be checked later against its own contents (hash) and against forgery (seal).
/// </summary>
public sealed record RecordBundle(
    string Format,
    DateTimeOffset ExportedAt,
    string ExportedBy,
    BatchRecord Batch,
    IReadOnlyList<DoseRecord> Doses,
    IReadOnlyList<AlarmRecord> Alarms,
    IReadOnlyList<BakeTracePoint> BakeTrace,
    IReadOnlyList<SignatureRecord> Signatures,
    string ContentSha256,
    string Seal)
{
    public const string CurrentFormat = "dispense-station-record/1";
}

/// <summary>What checking an imported bundle found: each part in words, so a reviewer reads why a copy is not trusted.</summary>
public sealed record BundleVerification(
    string BatchId,
    string ContentSha256,
    bool ContentMatchesHash,
    bool SealValid,
    bool MatchesThisGateway,
    IReadOnlyList<SignatureView> Signatures,
    IReadOnlyList<string> Problems)
{
    public bool Trusted => ContentMatchesHash && SealValid && Signatures.All(s => s.Valid);
}
