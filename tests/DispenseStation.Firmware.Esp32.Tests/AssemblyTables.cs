using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>
/// The RAM nanoCLR takes from the managed heap for each loaded assembly: CLR_RT_Assembly::CreateInstance
/// (nf-interpreter src/CLR/Core/TypeSystem.cpp at commit a3e8139a) allocates one block of the assembly
/// header plus one cross-reference entry per metadata row and a 12-byte heap block per static field.
/// Entry sizes on the 32-bit ESP32, from nanoCLR_Runtime.h: AssemblyRef 4 (a pointer), TypeRef 4,
/// FieldRef 4, MethodRef 4 (an index), TypeDef 8 (flags, total fields, hash), FieldDef 2, MethodDef 2,
/// plus 1 byte per method of source-level debugging information (on in the ESP32 images). The
/// header (sizeof(CLR_RT_Assembly)) is taken as 256 B: an estimate, not read from a build.
/// Row counts are read from the assemblies the portability gate compiled against nanoFramework's
/// mscorlib (the metadata processor keeps one row per definition and reference).
/// </summary>
internal static class AssemblyTables
{
    public const int HeaderBytes = 256;

    public sealed class Rows
    {
        public int AssemblyRefs, TypeRefs, FieldRefs, MethodRefs, TypeDefs, FieldDefs, MethodDefs, StaticFields;

        public long Bytes => HeaderBytes + Round4(AssemblyRefs * 4) + Round4(TypeRefs * 4) + Round4(FieldRefs * 4)
            + Round4(MethodRefs * 4) + Round4(TypeDefs * 8) + Round4(FieldDefs * 2) + Round4(MethodDefs * 2)
            + Round4(MethodDefs * 1) + StaticFields * 12L;

        public void Add(Rows o)
        {
            AssemblyRefs += o.AssemblyRefs; TypeRefs += o.TypeRefs; FieldRefs += o.FieldRefs; MethodRefs += o.MethodRefs;
            TypeDefs += o.TypeDefs; FieldDefs += o.FieldDefs; MethodDefs += o.MethodDefs; StaticFields += o.StaticFields;
        }

        private static long Round4(long n) => (n + 3) / 4 * 4;
    }

    /// <summary>Rows of one assembly; with <paramref name="ownNamespacePrefix"/>, only the types under it
    /// count as definitions (the gate's ESP32 assembly also holds the packages' stand-ins, which on the
    /// device are other assemblies: their types count as references instead).</summary>
    public static Rows Count(string path, string ownNamespacePrefix = null)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        var rows = new Rows { AssemblyRefs = md.AssemblyReferences.Count, TypeRefs = md.TypeReferences.Count };
        foreach (var h in md.MemberReferences)
        {
            var kind = md.GetBlobReader(md.GetMemberReference(h).Signature).ReadSignatureHeader().Kind;
            if (kind == SignatureKind.Field) rows.FieldRefs++;
            else rows.MethodRefs++;
        }
        foreach (var h in md.TypeDefinitions)
        {
            TypeDefinition t = md.GetTypeDefinition(h);
            string ns = md.GetString(t.Namespace);
            if (md.GetString(t.Name) == "<Module>") continue;
            bool own = ownNamespacePrefix == null || ns.StartsWith(ownNamespacePrefix, StringComparison.Ordinal)
                || (ns.Length == 0 && t.GetDeclaringType().IsNil == false && OwnerNamespace(md, t).StartsWith(ownNamespacePrefix, StringComparison.Ordinal));
            if (!own)
            {
                rows.TypeRefs++;
                continue;
            }
            rows.TypeDefs++;
            rows.MethodDefs += t.GetMethods().Count;
            foreach (var fh in t.GetFields())
            {
                FieldDefinition f = md.GetFieldDefinition(fh);
                rows.FieldDefs++;
                if ((f.Attributes & FieldAttributes.Static) != 0 && (f.Attributes & FieldAttributes.Literal) == 0) rows.StaticFields++;
            }
        }
        return rows;
    }

    private static string OwnerNamespace(MetadataReader md, TypeDefinition t)
    {
        while (!t.GetDeclaringType().IsNil) t = md.GetTypeDefinition(t.GetDeclaringType());
        return md.GetString(t.Namespace);
    }
}
