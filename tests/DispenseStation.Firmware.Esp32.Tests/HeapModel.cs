using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>
/// Sizes an object graph two ways: as 64-bit .NET lays it out (to check the walk against the
/// measured allocation) and as nanoFramework's interpreter does. nanoFramework keeps everything in
/// 12-byte heap blocks: an object is one header block plus one block per instance field whatever
/// its type (a bool costs 12 B, a double 12 B, a reference 12 B); a struct field holds its own boxed
/// block run; an array is a header of two blocks plus its elements packed by size (references as
/// 12-byte blocks), rounded up to whole blocks; a string is two blocks plus its UTF-8 bytes.
/// </summary>
internal static class HeapModel
{
    private const int Block = 12;

    public sealed class Totals
    {
        public int Objects;
        public long DotNetBytes;
        public long NanoBytes;
        /// <summary>Bytes in byte/double/int arrays' elements: the same on both runtimes.</summary>
        public long PrimitiveArrayPayload;
        /// <summary>nanoFramework bytes per type (arrays under their element type, e.g. "Double[]"): where the heap goes.</summary>
        public readonly Dictionary<string, (int Count, long Bytes)> ByType = new();

        public void Add(Type t, long nanoBytes)
        {
            NanoBytes += nanoBytes;
            ByType.TryGetValue(t.Name, out var was);
            ByType[t.Name] = (was.Count + 1, was.Bytes + nanoBytes);
        }
    }

    /// <summary>Sizes everything reachable from <paramref name="root"/> but not from any of <paramref name="exclude"/>.</summary>
    public static Totals Measure(object root, params object[] exclude)
    {
        var excluded = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (object e in exclude) Walk(e, excluded, null);
        var totals = new Totals();
        Walk(root, new HashSet<object>(ReferenceEqualityComparer.Instance), totals, excluded);
        return totals;
    }

    private static void Walk(object start, HashSet<object> seen, Totals totals, HashSet<object> excluded = null)
    {
        var stack = new Stack<object>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            object o = stack.Pop();
            if (o == null || o is Type || o is Delegate || o is Pointer || !seen.Add(o)) continue;
            if (excluded != null && excluded.Contains(o)) continue;
            Type t = o.GetType();
            if (totals != null) Account(o, t, totals);
            if (o is string) continue;
            if (o is Array array)
            {
                if (!t.GetElementType()!.IsValueType) foreach (object e in array) stack.Push(e);
                continue;
            }
            foreach (FieldInfo f in Fields(t))
            {
                if (f.FieldType.IsPrimitive || f.FieldType.IsEnum || f.FieldType.IsPointer) continue;
                object v = f.GetValue(o);
                if (v != null && !f.FieldType.IsValueType) stack.Push(v);
            }
        }
    }

    private static void Account(object o, Type t, Totals totals)
    {
        totals.Objects++;
        if (o is string s)
        {
            if (string.IsInterned(s) != null) { totals.Objects--; return; } // literals live in the assembly image
            totals.DotNetBytes += Align(22 + 2L * s.Length, 8);
            totals.Add(t, 2 * Block + Align(Encoding.UTF8.GetByteCount(s) + 1, Block));
            return;
        }
        if (o is Array a)
        {
            Type e = t.GetElementType()!;
            bool reference = !e.IsValueType;
            int size = reference ? 8 : e.IsEnum ? Marshal(Enum.GetUnderlyingType(e)) : e.IsPrimitive ? Marshal(e) : Unsafe(e);
            totals.DotNetBytes += Align(24 + (long)size * a.Length, 8);
            long nanoElements = reference ? (long)Block * a.Length : (long)size * a.Length;
            totals.Add(t, 2 * Block + Align(nanoElements, Block));
            if (!reference && e.IsPrimitive) totals.PrimitiveArrayPayload += (long)size * a.Length;
            return;
        }
        long fieldBytes = 0;
        long nano = Block;
        foreach (FieldInfo f in Fields(t))
        {
            Type ft = f.FieldType;
            if (ft.IsPrimitive || ft.IsEnum || !ft.IsValueType)
            {
                fieldBytes += ft.IsValueType ? (ft.IsEnum ? Marshal(Enum.GetUnderlyingType(ft)) : Marshal(ft)) : 8;
                nano += Block;
            }
            else
            {
                fieldBytes += Unsafe(ft);
                nano += Block + Block * (1 + Fields(ft).Count); // reference to a boxed struct
            }
        }
        totals.DotNetBytes += Math.Max(24, Align(16 + fieldBytes, 8));
        totals.Add(t, nano);
    }

    private static List<FieldInfo> Fields(Type t)
    {
        var list = new List<FieldInfo>();
        for (Type c = t; c != null && c != typeof(object); c = c.BaseType)
            foreach (FieldInfo f in c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                list.Add(f);
        return list;
    }

    private static int Marshal(Type t) => t == typeof(bool) || t == typeof(byte) || t == typeof(sbyte) ? 1
        : t == typeof(char) || t == typeof(short) || t == typeof(ushort) ? 2
        : t == typeof(int) || t == typeof(uint) || t == typeof(float) ? 4 : 8;

    private static int Unsafe(Type t) => (int)typeof(Unsafe).GetMethod(nameof(System.Runtime.CompilerServices.Unsafe.SizeOf))!
        .MakeGenericMethod(t).Invoke(null, null)!;

    private static long Align(long n, int to) => (n + to - 1) / to * to;
}
