using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NanoFramework.Analyzers
{
    /// <summary>
    /// Reports the constructs of <see cref="NanoClrRules"/> from syntax alone (no semantic model),
    /// so the gate stays fast. Each diagnostic carries the file and line of the construct.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NanoClrAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            NanoClrRules.GenericType, NanoClrRules.GenericMethod, NanoClrRules.MultidimensionalArray,
            NanoClrRules.TypedReference, NanoClrRules.DefaultInterfaceMember, NanoClrRules.UnsafeCode,
            NanoClrRules.Iterator, NanoClrRules.Async);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(TypeDeclaration,
                SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.InterfaceDeclaration);
            context.RegisterSyntaxNodeAction(DelegateDeclaration, SyntaxKind.DelegateDeclaration);
            context.RegisterSyntaxNodeAction(MethodLike, SyntaxKind.MethodDeclaration, SyntaxKind.LocalFunctionStatement);
            context.RegisterSyntaxNodeAction(ArrayRank, SyntaxKind.ArrayRankSpecifier);
            context.RegisterSyntaxNodeAction(TypedReference,
                SyntaxKind.MakeRefExpression, SyntaxKind.RefValueExpression, SyntaxKind.RefTypeExpression, SyntaxKind.ArgListExpression);
            context.RegisterSyntaxNodeAction(InterfaceAccessor,
                SyntaxKind.GetAccessorDeclaration, SyntaxKind.SetAccessorDeclaration, SyntaxKind.InitAccessorDeclaration,
                SyntaxKind.AddAccessorDeclaration, SyntaxKind.RemoveAccessorDeclaration);
            context.RegisterSyntaxNodeAction(Unsafe,
                SyntaxKind.PointerType, SyntaxKind.FixedStatement, SyntaxKind.StackAllocArrayCreationExpression,
                SyntaxKind.ImplicitStackAllocArrayCreationExpression, SyntaxKind.UnsafeStatement, SyntaxKind.FunctionPointerType);
            context.RegisterSyntaxNodeAction(Yield, SyntaxKind.YieldReturnStatement, SyntaxKind.YieldBreakStatement);
        }

        private static void TypeDeclaration(SyntaxNodeAnalysisContext context)
        {
            TypeDeclarationSyntax type = (TypeDeclarationSyntax)context.Node;
            if (type.TypeParameterList != null)
            {
                context.ReportDiagnostic(Diagnostic.Create(NanoClrRules.GenericType, type.Identifier.GetLocation(), type.Identifier.Text));
            }
            if (HasModifier(type.Modifiers, SyntaxKind.UnsafeKeyword))
            {
                context.ReportDiagnostic(Diagnostic.Create(NanoClrRules.UnsafeCode, type.Identifier.GetLocation(), "unsafe " + type.Identifier.Text));
            }
        }

        private static void DelegateDeclaration(SyntaxNodeAnalysisContext context)
        {
            DelegateDeclarationSyntax d = (DelegateDeclarationSyntax)context.Node;
            if (d.TypeParameterList != null)
            {
                context.ReportDiagnostic(Diagnostic.Create(NanoClrRules.GenericType, d.Identifier.GetLocation(), d.Identifier.Text));
            }
        }

        private static void MethodLike(SyntaxNodeAnalysisContext context)
        {
            SyntaxToken name;
            TypeParameterListSyntax typeParameters;
            SyntaxTokenList modifiers;
            bool hasBody;
            if (context.Node is MethodDeclarationSyntax method)
            {
                name = method.Identifier;
                typeParameters = method.TypeParameterList;
                modifiers = method.Modifiers;
                hasBody = method.Body != null || method.ExpressionBody != null;
                if (hasBody && method.Parent is InterfaceDeclarationSyntax)
                {
                    context.ReportDiagnostic(Diagnostic.Create(NanoClrRules.DefaultInterfaceMember, name.GetLocation(), name.Text));
                }
            }
            else
            {
                LocalFunctionStatementSyntax local = (LocalFunctionStatementSyntax)context.Node;
                name = local.Identifier;
                typeParameters = local.TypeParameterList;
                modifiers = local.Modifiers;
            }
            if (typeParameters != null)
            {
                context.ReportDiagnostic(Diagnostic.Create(NanoClrRules.GenericMethod, name.GetLocation(), name.Text));
            }
            if (HasModifier(modifiers, SyntaxKind.AsyncKeyword))
            {
                context.ReportDiagnostic(Diagnostic.Create(NanoClrRules.Async, name.GetLocation(), name.Text));
            }
            if (HasModifier(modifiers, SyntaxKind.UnsafeKeyword))
            {
                context.ReportDiagnostic(Diagnostic.Create(NanoClrRules.UnsafeCode, name.GetLocation(), "unsafe " + name.Text));
            }
        }

        private static void ArrayRank(SyntaxNodeAnalysisContext context)
        {
            ArrayRankSpecifierSyntax rank = (ArrayRankSpecifierSyntax)context.Node;
            if (rank.Rank > 1)
            {
                SyntaxNode shown = rank.Parent ?? rank;
                context.ReportDiagnostic(Diagnostic.Create(NanoClrRules.MultidimensionalArray, rank.GetLocation(), shown.ToString()));
            }
        }

        private static void TypedReference(SyntaxNodeAnalysisContext context)
        {
            context.ReportDiagnostic(Diagnostic.Create(NanoClrRules.TypedReference, context.Node.GetLocation(), context.Node.GetFirstToken().Text));
        }

        private static void InterfaceAccessor(SyntaxNodeAnalysisContext context)
        {
            AccessorDeclarationSyntax accessor = (AccessorDeclarationSyntax)context.Node;
            if (accessor.Body == null && accessor.ExpressionBody == null) return;
            // accessor -> accessor list -> property/indexer/event -> interface
            SyntaxNode member = accessor.Parent != null ? accessor.Parent.Parent : null;
            if (member != null && member.Parent is InterfaceDeclarationSyntax)
            {
                context.ReportDiagnostic(Diagnostic.Create(NanoClrRules.DefaultInterfaceMember, accessor.GetLocation(), MemberName(member)));
            }
        }

        private static void Unsafe(SyntaxNodeAnalysisContext context)
        {
            string what = context.Node is UnsafeStatementSyntax ? "unsafe" : context.Node.ToString();
            context.ReportDiagnostic(Diagnostic.Create(NanoClrRules.UnsafeCode, context.Node.GetLocation(), what));
        }

        private static void Yield(SyntaxNodeAnalysisContext context)
        {
            SyntaxNode owner = context.Node.Parent;
            while (owner != null && !(owner is MemberDeclarationSyntax) && !(owner is LocalFunctionStatementSyntax)) owner = owner.Parent;
            string name = owner is MethodDeclarationSyntax m ? m.Identifier.Text
                : owner is LocalFunctionStatementSyntax l ? l.Identifier.Text
                : owner != null ? MemberName(owner) : "yield";
            context.ReportDiagnostic(Diagnostic.Create(NanoClrRules.Iterator, context.Node.GetLocation(), name));
        }

        private static bool HasModifier(SyntaxTokenList modifiers, SyntaxKind kind)
        {
            foreach (SyntaxToken token in modifiers)
            {
                if (token.IsKind(kind)) return true;
            }
            return false;
        }

        private static string MemberName(SyntaxNode member)
        {
            if (member is PropertyDeclarationSyntax p) return p.Identifier.Text;
            if (member is EventDeclarationSyntax e) return e.Identifier.Text;
            if (member is IndexerDeclarationSyntax) return "this[]";
            return member.Kind().ToString();
        }
    }
}
