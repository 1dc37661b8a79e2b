import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-F6QIQ375.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
