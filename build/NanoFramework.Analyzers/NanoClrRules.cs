using Microsoft.CodeAnalysis;

namespace NanoFramework.Analyzers
{
    /// <summary>
    /// What nanoCLR 1.x cannot run although the C# compiler accepts it against nanoFramework's
    /// mscorlib. Each rule says what to write instead. Records and 'dynamic' need no rule: the
    /// compiler already refuses them there (IEquatable`1 and DynamicAttribute are missing).
    /// </summary>
    internal static class NanoClrRules
    {
        private const string Category = "nanoFramework";

        public static readonly DiagnosticDescriptor GenericType = Rule("NF0001",
            "'{0}' declares type parameters: nanoCLR 1.x has no generic types (its type resolver fails on them); use object or a concrete type");

        public static readonly DiagnosticDescriptor GenericMethod = Rule("NF0002",
            "'{0}' declares type parameters: nanoCLR 1.x has no generic methods; write one method per type or take object");

        public static readonly DiagnosticDescriptor MultidimensionalArray = Rule("NF0003",
            "multidimensional array '{0}': nanoCLR 1.x supports only single-dimensional arrays; use a jagged array or index a 1-D array as row * width + column");

        public static readonly DiagnosticDescriptor TypedReference = Rule("NF0004",
            "'{0}': nanoCLR has no TypedReference or variable-argument support (__makeref, __refvalue, __reftype, __arglist)");

        public static readonly DiagnosticDescriptor DefaultInterfaceMember = Rule("NF0005",
            "interface member '{0}' has a body: nanoCLR 1.x has no default interface implementations; implement it in each class");

        public static readonly DiagnosticDescriptor UnsafeCode = Rule("NF0006",
            "'{0}': nanoCLR runs verifiable IL only (no pointers, fixed buffers or stackalloc); use arrays");

        public static readonly DiagnosticDescriptor Iterator = Rule("NF0007",
            "'{0}' is an iterator: the compiler's state machine implements IEnumerable<T>/IEnumerator<T>, which nanoFramework lacks; fill and return an array");

        public static readonly DiagnosticDescriptor Async = Rule("NF0008",
            "'{0}' is async: nanoFramework has no Task or async state machine support; use a Thread");

        private static DiagnosticDescriptor Rule(string id, string message)
        {
            return new DiagnosticDescriptor(id, "nanoCLR cannot run this", message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        }
    }
}
