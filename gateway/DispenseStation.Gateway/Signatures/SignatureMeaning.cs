namespace DispenseStation.Gateway.Signatures;

/// <summary>
/// What a signature on a batch record means (21 CFR 11.50: the printed name, date and time, and meaning of the
/// signature). Performed by the technician who ran it; reviewed, then released, by supervisors; the reviewer
/// may not be the performer.
/// </summary>
public static class SignatureMeaning
{
    public const string Performed = "performed";
    public const string Reviewed = "reviewed";
    public const string Released = "released";

    public static readonly IReadOnlyList<string> All = [Performed, Reviewed, Released];
}

/// <summary>One stored signature: who, when, what it means, and the record's content hash it was bound to.</summary>
public sealed record SignatureRecord(long Id, string BatchId, string Meaning, string UserName, DateTimeOffset SignedAt, string ContentSha256);

/// <summary>A signature as shown: valid while the record still hashes to what was signed.</summary>
public sealed record SignatureView(string Meaning, string UserName, DateTimeOffset SignedAt, string ContentSha256, bool Valid);

/// <summary>The record's current hash and its signatures.</summary>
public sealed record SignaturesView(string BatchId, string ContentSha256, IReadOnlyList<SignatureView> Signatures);
