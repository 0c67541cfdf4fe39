import { answer } from './answer.mjs';
window.moduleAnswer = answer;
